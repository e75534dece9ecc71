package dev.mcphub.mcp;

import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.RpcError;
import tools.jackson.databind.JsonNode;

/** The one mapping from hub errors to JSON-RPC errors on the MCP endpoint. */
final class RpcErrors {
    private RpcErrors() {}

    static RpcError from(HubException e) {
        return switch (e.code()) {
            case UPSTREAM_ERROR ->
                e.rpcCode() != null
                        ? new RpcError(e.rpcCode(), e.getMessage(), upstreamData(e))
                        : new RpcError(RpcError.SERVER_ERROR, e.getMessage(), data(e));
            case UPSTREAM_TIMEOUT -> new RpcError(RpcError.REQUEST_TIMEOUT, e.getMessage(), data(e));
            case TOOL_NOT_FOUND,
                    PROMPT_NOT_FOUND,
                    RESOURCE_NOT_FOUND,
                    VALIDATION_ERROR,
                    SERVER_NOT_FOUND,
                    PROFILE_NOT_FOUND -> new RpcError(RpcError.INVALID_PARAMS, e.getMessage(), data(e));
            case SERVER_NOT_CONNECTED, CONNECTION_ERROR, UNAVAILABLE ->
                new RpcError(RpcError.SERVER_ERROR, e.getMessage(), data(e));
            default -> new RpcError(RpcError.INTERNAL_ERROR, e.getMessage(), data(e));
        };
    }

    static RpcError invalidParams(String message) {
        return new RpcError(RpcError.INVALID_PARAMS, message);
    }

    private static JsonNode upstreamData(HubException e) {
        Object data = e.data().get("upstreamData");
        return data instanceof JsonNode node ? node : null;
    }

    private static JsonNode data(HubException e) {
        return e.data().isEmpty() ? null : Json.tree(e.data());
    }
}
