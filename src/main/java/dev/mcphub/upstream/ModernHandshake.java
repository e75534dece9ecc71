package dev.mcphub.upstream;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Connecting to a server that speaks only the stateless 2026-07-28 era: when {@code initialize} is refused, or
 * first when the server spoke this era last time, the hub asks {@code server/discover} with the era's per-request
 * envelope; a server that lists 2026-07-28 among its versions is then spoken to in that era for the life of the
 * connection (every request carries the envelope, HTTP requests the mirrored headers, and no session or
 * {@code notifications/initialized} exists). An upgrade or a downgrade is found at the next connection, since
 * every connection finds the era again.
 */
final class ModernHandshake {
    static final String VERSION = "2026-07-28";
    /** The probe follows a refused initialize, so it need not wait as long as a first start may. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    private ModernHandshake() {}

    /** The server's discover result when it speaks 2026-07-28, else null (the connection is left as it was). */
    static InitializeResult fallForward(McpConnection connection, UpstreamSettings settings) {
        if (!connection.isOpen()) {
            return null;
        }
        ObjectNode meta = Json.object();
        meta.put("io.modelcontextprotocol/protocolVersion", VERSION);
        meta.set("io.modelcontextprotocol/clientCapabilities", settings.clientCapabilities());
        meta.putObject("io.modelcontextprotocol/clientInfo")
                .put("name", "mcp-hub")
                .put("title", "MCP Hub")
                .put("version", settings.clientVersion());
        connection.modern(meta);
        connection.transport().protocolVersion(VERSION);
        try {
            Duration timeout =
                    settings.connectTimeout().compareTo(PROBE_TIMEOUT) < 0 ? settings.connectTimeout() : PROBE_TIMEOUT;
            JsonNode result = connection.request("server/discover", Json.object(), CallOptions.timeout(timeout));
            boolean modern = Json.elements(result.path("supportedVersions")).stream()
                    .anyMatch(version -> VERSION.equals(version.asString(null)));
            if (!modern) {
                throw new HubException(
                        ErrorCode.CONNECTION_ERROR,
                        "Server '" + connection.server() + "' offers none of the hub's protocol versions: "
                                + result.path("supportedVersions"));
            }
            JsonNode capabilities = result.get("capabilities");
            return new InitializeResult(
                    VERSION,
                    capabilities == null ? Json.object() : capabilities,
                    result.path("_meta").get("io.modelcontextprotocol/serverInfo"),
                    Json.string(result, "instructions"));
        } catch (HubException e) {
            connection.modern(null);
            connection.transport().protocolVersion(null);
            return null;
        }
    }

    static boolean isModern(String version) {
        return version != null && version.compareTo(VERSION) >= 0;
    }
}
