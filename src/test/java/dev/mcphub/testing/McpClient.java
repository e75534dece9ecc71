package dev.mcphub.testing;

import dev.mcphub.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A minimal MCP client of the hub's Streamable HTTP endpoint for tests: one session, requests answered as
 * plain JSON (it accepts only {@code application/json}), and the session's GET stream on demand.
 */
public final class McpClient implements AutoCloseable {
    private static final String SESSION = "Mcp-Session-Id";

    private final String url;
    private final String sessionId;
    private final AtomicInteger ids = new AtomicInteger(1);

    private McpClient(String url, String sessionId) {
        this.url = url;
        this.sessionId = sessionId;
    }

    /** Initializes a session at {@code url} (e.g. {@code http://127.0.0.1:port/mcp}). */
    public static McpClient connect(String url) throws IOException, InterruptedException {
        ObjectNode params = Json.object();
        params.put("protocolVersion", "2025-06-18");
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "mcp-hub-test").put("version", "1.0.0");
        HttpResponse<String> response = post(url, null, message(0, "initialize", params));
        if (response.statusCode() != 200) {
            throw new IOException("initialize failed: " + response.statusCode() + " " + response.body());
        }
        String session = response.headers().firstValue(SESSION).orElseThrow();
        McpClient client = new McpClient(url, session);
        ObjectNode initialized = Json.object().put("jsonrpc", "2.0").put("method", "notifications/initialized");
        post(url, session, initialized);
        return client;
    }

    public String sessionId() {
        return sessionId;
    }

    /** Sends a request and returns the whole JSON-RPC response (result or error). */
    public JsonNode request(String method, JsonNode params) throws IOException, InterruptedException {
        HttpResponse<String> response = post(url, sessionId, message(ids.incrementAndGet(), method, params));
        if (response.statusCode() != 200) {
            throw new IOException(method + " failed: " + response.statusCode() + " " + response.body());
        }
        return Json.parse(response.body());
    }

    /** The names of the tools the session sees now. */
    public java.util.List<String> toolNames() throws IOException, InterruptedException {
        return Json.elements(request("tools/list", Json.object()).at("/result/tools")).stream()
                .map(tool -> tool.path("name").asString())
                .toList();
    }

    /** Opens the session's GET stream, on which notifications such as {@code list_changed} arrive. */
    public SseReader openStream() throws IOException, InterruptedException {
        return SseReader.open(url, Map.of(SESSION, sessionId));
    }

    /** Ends the session. */
    @Override
    public void close() throws IOException, InterruptedException {
        TestHttp.shared()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header(SESSION, sessionId)
                                .timeout(Duration.ofSeconds(10))
                                .DELETE()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
    }

    private static ObjectNode message(int id, String method, JsonNode params) {
        ObjectNode message = Json.object().put("jsonrpc", "2.0").put("id", id).put("method", method);
        message.set("params", params);
        return message;
    }

    private static HttpResponse<String> post(String url, String session, JsonNode body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(Json.text(body)));
        if (session != null) {
            request.header(SESSION, session);
        }
        return TestHttp.shared().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
