package dev.mcphub.jsonrpc;

import dev.mcphub.json.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** One JSON-RPC 2.0 message. Params, results and error data are JSON trees owned by the message. */
public sealed interface JsonRpcMessage {

    /** The message as a JSON object, ready to write. */
    ObjectNode toJson();

    record Request(JsonNode id, String method, @Nullable JsonNode params) implements JsonRpcMessage {
        @Override
        public ObjectNode toJson() {
            ObjectNode node = envelope();
            node.set("id", id);
            node.put("method", method);
            if (params != null && !params.isNull() && !params.isMissingNode()) {
                node.set("params", params);
            }
            return node;
        }

        /** The params as an object, or null when the request has none. */
        public @Nullable ObjectNode paramsObject() {
            return params instanceof ObjectNode object ? object : null;
        }
    }

    record Notification(String method, @Nullable JsonNode params) implements JsonRpcMessage {
        @Override
        public ObjectNode toJson() {
            ObjectNode node = envelope();
            node.put("method", method);
            if (params != null && !params.isNull() && !params.isMissingNode()) {
                node.set("params", params);
            }
            return node;
        }
    }

    /** A response: exactly one of {@code result} and {@code error} is non-null. */
    record Response(
            @Nullable JsonNode id,
            @Nullable JsonNode result,
            @Nullable RpcError error) implements JsonRpcMessage {
        public static Response success(@Nullable JsonNode id, JsonNode result) {
            return new Response(id, result, null);
        }

        public static Response failure(@Nullable JsonNode id, RpcError error) {
            return new Response(id, null, error);
        }

        public boolean isError() {
            return error != null;
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = envelope();
            node.set("id", id == null ? Json.MAPPER.nullNode() : id);
            if (error != null) {
                node.set("error", error.toJson());
            } else {
                node.set("result", result == null ? Json.object() : result);
            }
            return node;
        }
    }

    private static ObjectNode envelope() {
        ObjectNode node = Json.object();
        node.put("jsonrpc", "2.0");
        return node;
    }
}
