package dev.mcphub.upstream;

import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpc;
import dev.mcphub.jsonrpc.JsonRpcMessage;
import dev.mcphub.jsonrpc.JsonRpcMessage.Notification;
import dev.mcphub.jsonrpc.JsonRpcMessage.Request;
import dev.mcphub.jsonrpc.JsonRpcMessage.Response;
import dev.mcphub.jsonrpc.RpcError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What Streamable HTTP adds in the 2026-07-28 era: headers that mirror the body, and errors as 4xx bodies. */
final class ModernHttp {
    private static final String SENTINEL_START = "=?base64?";
    private static final String SENTINEL_END = "?=";

    private ModernHttp() {}

    /**
     * The headers a POST of {@code message} carries: {@code Mcp-Method}, and {@code Mcp-Name} for the methods that
     * act on a name or URI (in the Base64 sentinel form when it is not a plain header value).
     */
    static Map<String, String> mirror(JsonRpcMessage message) {
        Map<String, String> headers = new LinkedHashMap<>();
        String method = switch (message) {
            case Request r -> r.method();
            case Notification n -> n.method();
            case Response r -> null;
        };
        if (method == null) {
            return headers;
        }
        headers.put("Mcp-Method", method);
        String field = switch (method) {
            case "tools/call", "prompts/get" -> "name";
            case "resources/read" -> "uri";
            default -> null;
        };
        JsonNode params = message instanceof Request r ? r.params() : null;
        String name = field == null || params == null ? null : Json.string(params, field);
        if (name != null) {
            boolean plain = name.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
                    && name.strip().equals(name)
                    && !(name.startsWith(SENTINEL_START) && name.endsWith(SENTINEL_END));
            headers.put(
                    "Mcp-Name",
                    plain
                            ? name
                            : SENTINEL_START
                                    + Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8))
                                    + SENTINEL_END);
        }
        return headers;
    }

    /** The JSON-RPC error a 4xx body carries (the era answers request errors so), or null. */
    static RpcError error(byte[] body) {
        try {
            JsonNode tree = JsonRpc.parseTree(body);
            if (tree.isObject()
                    && tree.get("error") instanceof ObjectNode
                    && JsonRpc.read(tree) instanceof Response response) {
                return response.error();
            }
        } catch (JsonRpc.MalformedMessageException e) {
            // Not JSON-RPC: the caller reports the HTTP failure it is.
        }
        return null;
    }
}
