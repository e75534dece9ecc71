package dev.mcphub.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.json.Json;
import dev.mcphub.mcp.TsClient.Transport;
import dev.mcphub.testing.SseReader;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The legacy HTTP+SSE transport (protocol 2024-11-05) for old clients, on the same paths: {@code GET /mcp} opens the
 * stream, whose {@code endpoint} event names where to POST; answers travel on the stream. Both official clients use
 * it against server-everything and a fault server, on {@code /mcp} and on a server's own endpoint.
 */
class LegacySseIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final TestHub hub =
            TestHub.with("everything", Upstreams.everything()).and("fault", Upstreams.fault());

    @Test
    void theTypeScriptClientSeesTheSameListsOverLegacySseAsOverStreamableHttp() {
        List<JsonNode> lines = TsClient.catalog(hub.url("/mcp"), Transport.SSE);

        RawMcp streamable = RawMcp.open(hub.url("/mcp"));
        assertThat(names(TsClient.outcome(lines, "listTools").at("/result/tools"), "name"))
                .isEqualTo(names(Json.array(streamable.listAll("tools/list", "tools")), "name"))
                .contains("everything__echo", "fault__echo");
        assertThat(names(
                        TsClient.outcome(lines, "listResourceTemplates").at("/result/resourceTemplates"),
                        "uriTemplate"))
                .isEqualTo(names(
                        Json.array(streamable.listAll("resources/templates/list", "resourceTemplates")),
                        "uriTemplate"));
        assertThat(TsClient.ofType(lines, "connected")
                        .getFirst()
                        .at("/serverInfo/name")
                        .asString())
                .isEqualTo("mcp-hub");
    }

    @Test
    void theTypeScriptClientCallsToolsWithProgressSamplingAndStructuredOutputOverLegacySse() {
        List<JsonNode> lines = TsClient.run(
                hub.url("/mcp"),
                Transport.SSE,
                List.of(
                        TsClient.step("list", "listTools", null).put("all", true),
                        TsClient.call(
                                "weather",
                                "everything__get-structured-content",
                                Json.object().put("location", "New York")),
                        TsClient.call(
                                        "progress",
                                        "everything__trigger-long-running-operation",
                                        Json.object().put("duration", 1).put("steps", 2))
                                .put("progress", true),
                        TsClient.call(
                                "sample",
                                "everything__trigger-sampling-request",
                                Json.object().put("prompt", "legacy")),
                        TsClient.step(
                                "template",
                                "readResource",
                                Json.object().put("uri", "everything__demo://resource/dynamic/text/4"))),
                "sampling");

        assertThat(TsClient.outcome(lines, "weather")
                        .at("/result/structuredContent/temperature")
                        .asInt())
                .isEqualTo(33);
        // The SDK may drop the last progress notification when it reads it together with the response.
        assertThat(TsClient.ofType(lines, "progress"))
                .isNotEmpty()
                .allMatch(line -> line.at("/progress/total").asInt() == 2);
        assertThat(TsClient.outcome(lines, "sample")
                        .at("/result/content/0/text")
                        .asString())
                .contains("sampled: Resource trigger-sampling-request context: legacy");
        assertThat(TsClient.outcome(lines, "template")
                        .at("/result/contents/0/text")
                        .asString())
                .startsWith("Resource 4:");
    }

    @Test
    void theJavaClientWorksOverLegacySseIncludingSamplingAndListChanges() {
        List<List<Tool>> toolLists = new CopyOnWriteArrayList<>();
        McpSyncClient client = JavaClients.sse(
                hub.url(""),
                "/mcp",
                spec -> spec.capabilities(
                                ClientCapabilities.builder().sampling().build())
                        .sampling(request -> CreateMessageResult.builder(
                                        Role.ASSISTANT,
                                        TextContent.builder("java over sse").build(),
                                        "test-model")
                                .build())
                        .toolsChangeConsumer(toolLists::add));
        try {
            assertThat(client.listTools().tools()).extracting(Tool::name).contains("everything__get-sum");

            CallToolResult sum = client.callTool(CallToolRequest.builder("everything__get-sum")
                    .arguments(Map.of("a", 20, "b", 22))
                    .build());
            assertThat(((TextContent) sum.content().getFirst()).text()).contains("42");
            CallToolResult sampled = client.callTool(CallToolRequest.builder("everything__trigger-sampling-request")
                    .arguments(Map.of("prompt", "hi"))
                    .build());
            assertThat(((TextContent) sampled.content().getFirst()).text()).contains("java over sse");

            client.callTool(CallToolRequest.builder("fault__add_tool")
                    .arguments(Map.of("name", "added_over_sse"))
                    .build());
            await().atMost(WAIT)
                    .until(() -> toolLists.stream()
                            .anyMatch(list ->
                                    list.stream().anyMatch(tool -> tool.name().equals("fault__added_over_sse"))));
        } finally {
            client.closeGracefully();
        }
    }

    @Test
    void aServersOwnEndpointSpeaksLegacySseUnprefixed() throws Exception {
        try (SseReader stream = SseReader.open(hub.url("/servers/everything/mcp"), Map.of())) {
            SseReader.Event endpoint = stream.awaitEvent(SseReader.named("endpoint"), WAIT);
            assertThat(endpoint.data()).startsWith("/servers/everything/messages?sessionId=");
        }

        List<JsonNode> lines = TsClient.run(
                hub.url("/servers/everything/mcp"),
                Transport.SSE,
                List.of(
                        TsClient.step("tools", "listTools", null),
                        TsClient.call("echo", "echo", Json.object().put("message", "one server"))));

        assertThat(names(TsClient.outcome(lines, "tools").at("/result/tools"), "name"))
                .contains("echo", "get-sum")
                .noneMatch(name -> name.contains("__"));
        assertThat(TsClient.outcome(lines, "echo").at("/result/content/0/text").asString())
                .isEqualTo("Echo: one server");
    }

    @Test
    void theStreamNamesTheMessagesUrlAndAnswersArriveOnIt() throws Exception {
        try (SseReader stream = SseReader.open(hub.url("/mcp"), Map.of())) {
            assertThat(stream.status()).isEqualTo(200);
            String messages =
                    stream.awaitEvent(SseReader.named("endpoint"), WAIT).data();
            assertThat(messages).matches("/messages\\?sessionId=[0-9a-f-]{36}");

            HttpResponse<String> accepted = post(
                    messages,
                    new RawMcp(hub.url("/mcp"))
                            .requestBody(
                                    "initialize",
                                    Json.object()
                                            .put("protocolVersion", "2024-11-05")
                                            .set("capabilities", Json.object())));
            assertThat(accepted.statusCode()).isEqualTo(202);
            JsonNode answer = stream.awaitEvent(
                            event -> event.name().equals("message")
                                    && event.data().contains("\"id\""),
                            WAIT)
                    .json();
            assertThat(answer.at("/result/protocolVersion").asString()).isEqualTo("2024-11-05");
        }

        HttpResponse<String> noSession = post("/messages", "{}");
        assertThat(noSession.statusCode()).isEqualTo(400);
        assertThat(Json.parse(noSession.body()).at("/error/message").asString())
                .isEqualTo("Missing sessionId parameter");
        HttpResponse<String> unknown = post("/messages?sessionId=no-such-session", "{}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Json.parse(unknown.body()).at("/error/message").asString())
                .isEqualTo("Session not found: no-such-session");
    }

    private static HttpResponse<String> post(String path, String body) {
        return RawMcp.send(HttpRequest.newBuilder(URI.create(hub.url(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static List<String> names(JsonNode items, String key) {
        return Json.elements(items).stream()
                .map(item -> item.path(key).asString())
                .toList();
    }
}
