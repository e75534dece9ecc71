package dev.mcphub.jsonrpc;

import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpcMessage.Notification;
import dev.mcphub.jsonrpc.JsonRpcMessage.Request;
import dev.mcphub.jsonrpc.JsonRpcMessage.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Reading JSON-RPC messages from JSON text or trees. */
public final class JsonRpc {
    private JsonRpc() {}

    /** Thrown for text that is not JSON, or JSON that is not a JSON-RPC message. */
    public static final class MalformedMessageException extends Exception {
        private final int rpcCode;

        MalformedMessageException(int rpcCode, String message) {
            super(message);
            this.rpcCode = rpcCode;
        }

        /** {@link RpcError#PARSE_ERROR} for text that is not JSON, else {@link RpcError#INVALID_REQUEST}. */
        public int rpcCode() {
            return rpcCode;
        }
    }

    public static JsonRpcMessage parse(String text) throws MalformedMessageException {
        return read(parseTree(text));
    }

    public static JsonNode parseTree(String text) throws MalformedMessageException {
        try {
            return Json.parse(text);
        } catch (JacksonException e) {
            throw new MalformedMessageException(RpcError.PARSE_ERROR, "Parse error: " + e.getOriginalMessage());
        }
    }

    public static JsonNode parseTree(byte[] bytes) throws MalformedMessageException {
        try {
            return Json.parse(bytes);
        } catch (JacksonException e) {
            throw new MalformedMessageException(RpcError.PARSE_ERROR, "Parse error: " + e.getOriginalMessage());
        }
    }

    /**
     * A map key for a request id that tells ids apart as JSON does ({@code 1} and {@code "1"} differ), without
     * serializing the node: {@code toString()} on a node runs a Jackson generator, which was a few per cent of
     * the hub's CPU per call for its two in-flight map operations.
     */
    public static String idKey(JsonNode id) {
        if (id.isString()) {
            return "\"" + id.asString();
        }
        if (id.isIntegralNumber() && id.canConvertToLong()) {
            return Long.toString(id.longValue());
        }
        return id.toString();
    }

    /** Classifies one JSON object as a request, notification or response. */
    public static JsonRpcMessage read(JsonNode node) throws MalformedMessageException {
        if (node == null || !node.isObject()) {
            throw invalid("a JSON-RPC message must be a JSON object");
        }
        JsonNode version = node.get("jsonrpc");
        if (version == null || !"2.0".equals(version.asString(null))) {
            throw invalid("\"jsonrpc\" must be \"2.0\"");
        }
        JsonNode method = node.get("method");
        JsonNode id = node.get("id");
        if (method != null) {
            if (!method.isString()) {
                throw invalid("\"method\" must be a string");
            }
            if (id == null) {
                return new Notification(method.asString(), node.get("params"));
            }
            checkId(id);
            return new Request(id, method.asString(), node.get("params"));
        }
        if (id == null) {
            throw invalid("a message needs \"method\" or \"id\"");
        }
        if (node.has("error")) {
            return Response.failure(id, RpcError.fromJson(node.get("error")));
        }
        if (!node.has("result")) {
            throw invalid("a response needs \"result\" or \"error\"");
        }
        return Response.success(id, node.get("result"));
    }

    private static void checkId(JsonNode id) throws MalformedMessageException {
        if (!(id.isString() || id.isIntegralNumber())) {
            throw invalid("\"id\" must be a string or an integer");
        }
    }

    private static MalformedMessageException invalid(String why) {
        return new MalformedMessageException(RpcError.INVALID_REQUEST, "Invalid request: " + why);
    }
}
