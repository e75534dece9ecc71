package dev.mcphub.mcp;

import dev.mcphub.fixtures.FixtureProcess;
import dev.mcphub.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An upstream started by the test itself and spoken to over stdio without the hub, so that what the hub serves can
 * be compared with what the server says on its own. It introduces itself with the same client capabilities as the
 * hub, since servers offer different tools to different clients; requests the server sends back are refused.
 */
final class DirectServer implements AutoCloseable {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final FixtureProcess process;
    private final AtomicLong ids = new AtomicLong();
    private JsonNode capabilities = Json.object();

    private DirectServer(FixtureProcess process) {
        this.process = process;
    }

    /** Starts the server of a config entry (command, args, env) and initializes it. */
    static DirectServer start(String name, ObjectNode entry) {
        List<String> command = new ArrayList<>();
        command.add(entry.get("command").asString());
        Json.elements(entry.get("args")).forEach(arg -> command.add(arg.asString()));
        Map<String, String> env = new java.util.HashMap<>();
        if (entry.get("env") instanceof ObjectNode vars) {
            vars.properties().forEach(e -> env.put(e.getKey(), e.getValue().asString()));
        }
        DirectServer server = new DirectServer(FixtureProcess.start("direct-" + name, command, env));
        try {
            ObjectNode params = Json.object().put("protocolVersion", "2025-11-25");
            params.set("capabilities", hubCapabilities());
            params.putObject("clientInfo").put("name", "mcp-hub").put("version", "0.1.0");
            server.capabilities = server.result("initialize", params).path("capabilities");
            server.process.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** What the hub tells upstreams it can do (see the hub's Application). */
    static ObjectNode hubCapabilities() {
        ObjectNode capabilities = Json.object();
        capabilities.putObject("roots").put("listChanged", true);
        capabilities.putObject("sampling");
        ObjectNode elicitation = capabilities.putObject("elicitation");
        elicitation.putObject("form");
        elicitation.putObject("url");
        return capabilities;
    }

    JsonNode result(String method, JsonNode params) {
        long id = ids.incrementAndGet();
        ObjectNode request = Json.object().put("jsonrpc", "2.0").put("id", id).put("method", method);
        if (params != null) {
            request.set("params", params);
        }
        process.send(Json.text(request));
        while (true) {
            String line = process.nextLine(ANSWER_TIMEOUT)
                    .orElseThrow(() -> new IllegalStateException("the server exited while answering " + method));
            JsonNode message = Json.parse(line);
            if (message.has("method") && message.has("id")) {
                refuse(message);
            } else if (message.path("id").asLong(-1) == id) {
                if (message.has("error")) {
                    throw new IllegalStateException(method + " failed: " + message.get("error"));
                }
                return message.get("result");
            }
        }
    }

    JsonNode callTool(String name, JsonNode arguments) {
        ObjectNode params = Json.object().put("name", name);
        params.set("arguments", arguments);
        return result("tools/call", params);
    }

    /** Every item of a list, following the server's cursors; none when the server does not offer the kind. */
    List<JsonNode> listAll(String method, String field) {
        List<JsonNode> items = new ArrayList<>();
        if (!capabilities.has(method.substring(0, method.indexOf('/')))) {
            return items;
        }
        String cursor = null;
        do {
            ObjectNode params = Json.object();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonNode page = result(method, params);
            items.addAll(Json.elements(page.get(field)));
            cursor = Json.string(page, "nextCursor");
        } while (cursor != null);
        return items;
    }

    private void refuse(JsonNode request) {
        ObjectNode answer = Json.object().put("jsonrpc", "2.0");
        answer.set("id", request.get("id"));
        answer.putObject("error").put("code", -32601).put("message", "not offered by this test client");
        process.send(Json.text(answer));
    }

    @Override
    public void close() {
        process.close();
    }
}
