package dev.mcphub.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema.Implementation;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** The official MCP Java SDK client, in this JVM, over either HTTP transport of the hub. */
final class JavaClients {
    private JavaClients() {}

    /** Streamable HTTP to {@code base + path} (e.g. {@code /mcp}); {@code spec} adds capabilities and handlers. */
    static McpSyncClient streamable(String base, String path, UnaryOperator<McpClient.SyncSpec> spec) {
        return initialized(
                HttpClientStreamableHttpTransport.builder(base).endpoint(path).build(), spec);
    }

    /**
     * Legacy HTTP+SSE: the stream at {@code base + path}, messages wherever its endpoint event says. The SDK
     * deprecates this transport; the hub keeps serving it for old clients, so it is tested.
     */
    @SuppressWarnings("deprecation")
    static McpSyncClient sse(String base, String path, UnaryOperator<McpClient.SyncSpec> spec) {
        return initialized(
                HttpClientSseClientTransport.builder(base).sseEndpoint(path).build(), spec);
    }

    private static McpSyncClient initialized(McpClientTransport transport, UnaryOperator<McpClient.SyncSpec> spec) {
        McpSyncClient client = spec.apply(McpClient.sync(transport)
                        .clientInfo(Implementation.builder("mcp-hub-it-java-client", "1.0.0")
                                .build())
                        .requestTimeout(Duration.ofSeconds(60))
                        .initializationTimeout(Duration.ofSeconds(30)))
                .build();
        client.initialize();
        return client;
    }
}
