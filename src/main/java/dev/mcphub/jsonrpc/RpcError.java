package dev.mcphub.jsonrpc;

import dev.mcphub.json.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A JSON-RPC error object. */
public record RpcError(
        int code, @Nullable String message, @Nullable JsonNode data) {
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    /** MCP's "connection closed" / generic server error range. */
    public static final int SERVER_ERROR = -32000;
    /** MCP's request-timeout code (the TypeScript SDK's ErrorCode.RequestTimeout). */
    public static final int REQUEST_TIMEOUT = -32001;
    /** The TypeScript SDK's answer to a request for a session the server does not know. */
    public static final int SESSION_NOT_FOUND = -32001;
    /** MCP's resource-not-found code. */
    public static final int RESOURCE_NOT_FOUND = -32002;

    public RpcError(int code, @Nullable String message) {
        this(code, message, null);
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("code", code);
        node.put("message", message == null ? "" : message);
        if (data != null && !data.isNull() && !data.isMissingNode()) {
            node.set("data", data);
        }
        return node;
    }

    static RpcError fromJson(@Nullable JsonNode node) {
        if (node == null || !node.isObject()) {
            return new RpcError(INTERNAL_ERROR, "Malformed error object");
        }
        JsonNode code = node.get("code");
        return new RpcError(
                code != null && code.isNumber() ? code.asInt() : INTERNAL_ERROR,
                Json.string(node, "message"),
                node.get("data"));
    }
}
