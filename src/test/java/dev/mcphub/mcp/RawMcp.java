package dev.mcphub.mcp;

import dev.mcphub.json.Json;
import dev.mcphub.testing.TestHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A bare Streamable HTTP client: JSON-RPC as the hub sends it, every field kept, for comparing wire content and
 * provoking the transport's errors. Thread-safe: many requests may be in flight on one session.
 */
final class RawMcp {
    static final String ACCEPT_BOTH = "application/json, text/event-stream";

    private final String url;
    private final AtomicLong ids = new AtomicLong();
    private volatile String sessionId;

    RawMcp(String url) {
        this.url = url;
    }

    /** A new session: initialize (with {@code capabilities}) and initialized. */
    static RawMcp open(String url, ObjectNode capabilities) {
        RawMcp client = new RawMcp(url);
        ObjectNode params = Json.object().put("protocolVersion", "2025-11-25");
        params.set("capabilities", capabilities);
        params.putObject("clientInfo").put("name", "raw-it-client").put("version", "1.0.0");
        HttpResponse<String> reply = client.post(client.requestBody("initialize", params), Map.of());
        if (reply.statusCode() != 200) {
            throw new IllegalStateException("initialize answered " + reply.statusCode() + ": " + reply.body());
        }
        client.sessionId =
                reply.headers().firstValue(StreamableHttp.SESSION_HEADER).orElseThrow();
        client.notify("notifications/initialized", null);
        return client;
    }

    static RawMcp open(String url) {
        return open(url, Json.object());
    }

    String sessionId() {
        return sessionId;
    }

    String url() {
        return url;
    }

    /** The JSON-RPC response to a request (from a JSON body or the last message of an SSE body). */
    JsonNode request(String method, JsonNode params) {
        HttpResponse<String> reply = post(requestBody(method, params), Map.of());
        if (reply.statusCode() != 200) {
            throw new IllegalStateException(method + " answered HTTP " + reply.statusCode() + ": " + reply.body());
        }
        List<JsonNode> messages = messages(reply);
        return messages.getLast();
    }

    /** The result of a request; a JSON-RPC error fails. */
    JsonNode result(String method, JsonNode params) {
        JsonNode response = request(method, params);
        if (response.has("error")) {
            throw new IllegalStateException(method + " failed: " + response.get("error"));
        }
        return response.get("result");
    }

    JsonNode callTool(String name, JsonNode arguments) {
        ObjectNode params = Json.object().put("name", name);
        params.set("arguments", arguments == null ? Json.object() : arguments);
        return result("tools/call", params);
    }

    /** Every item of a list, following nextCursor, and checking that no cursor comes twice. */
    List<JsonNode> listAll(String method, String field) {
        List<JsonNode> items = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        do {
            ObjectNode params = Json.object();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonNode page = result(method, params);
            items.addAll(Json.elements(page.get(field)));
            cursor = Json.string(page, "nextCursor");
            if (cursor != null && !cursors.add(cursor)) {
                throw new IllegalStateException(method + " handed out cursor " + cursor + " twice");
            }
        } while (cursor != null);
        return items;
    }

    void notify(String method, JsonNode params) {
        ObjectNode body = Json.object().put("jsonrpc", "2.0").put("method", method);
        if (params != null) {
            body.set("params", params);
        }
        HttpResponse<String> reply = post(Json.text(body), Map.of());
        if (reply.statusCode() != 202) {
            throw new IllegalStateException(method + " answered " + reply.statusCode() + ": " + reply.body());
        }
    }

    String requestBody(String method, JsonNode params) {
        ObjectNode body = Json.object()
                .put("jsonrpc", "2.0")
                .put("id", ids.incrementAndGet())
                .put("method", method);
        if (params != null) {
            body.set("params", params);
        }
        return Json.text(body);
    }

    /** POSTs a body with this session's id (if any), JSON content type and both Accept types, plus {@code headers}. */
    HttpResponse<String> post(String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        if (!headers.containsKey("Accept")) {
            request.header("Accept", ACCEPT_BOTH);
        }
        if (sessionId != null && !headers.containsKey(StreamableHttp.SESSION_HEADER)) {
            request.header(StreamableHttp.SESSION_HEADER, sessionId);
        }
        headers.forEach(request::header);
        return send(request);
    }

    HttpResponse<String> delete() {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header(StreamableHttp.SESSION_HEADER, sessionId)
                .DELETE());
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return TestHttp.shared().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The JSON-RPC messages of a reply: its JSON body, or the data of each SSE event. */
    static List<JsonNode> messages(HttpResponse<String> reply) {
        String type = reply.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("text/event-stream")) {
            return List.of(Json.parse(reply.body()));
        }
        List<JsonNode> messages = new ArrayList<>();
        for (String line : reply.body().split("\n")) {
            if (line.startsWith("data: ")) {
                messages.add(Json.parse(line.substring(6)));
            }
        }
        return messages;
    }
}
