package dev.mcphub.mcp;

import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpcMessage.Response;
import dev.mcphub.jsonrpc.RpcError;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Results and errors in the shapes of 2026-07-28: every result says its {@code resultType} and who
 * answered ({@code _meta.io.modelcontextprotocol/serverInfo}); cacheable results carry {@code ttlMs} and
 * {@code cacheScope}; errors use the era's codes (resource not found is Invalid Params) and HTTP statuses.
 */
final class ModernResults {
    private ModernResults() {}

    /** A final result: {@code resultType} ("complete" unless a modern server said otherwise) and serverInfo. */
    static ObjectNode complete(@Nullable JsonNode result, String hubVersion) {
        ObjectNode out = result instanceof ObjectNode object ? object : Json.object();
        if (!out.has("resultType")) {
            out.put("resultType", "complete");
        }
        JsonNode meta = out.get("_meta");
        ObjectNode ownMeta = meta instanceof ObjectNode object ? object : out.putObject("_meta");
        ObjectNode info = ownMeta.putObject(Eras.SERVER_INFO_KEY);
        info.put("name", "mcp-hub");
        info.put("version", hubVersion);
        return out;
    }

    /** Adds caching hints unless the result already has its own (a modern server's, passed through). */
    static ObjectNode cacheable(ObjectNode result, long ttlMs, String cacheScope) {
        if (!result.has("ttlMs")) {
            result.put("ttlMs", ttlMs);
        }
        if (!result.has("cacheScope")) {
            result.put("cacheScope", cacheScope);
        }
        return result;
    }

    /** An answer as a modern client must see it. */
    static Response modern(Response response, String hubVersion) {
        if (response.error() != null) {
            return Response.failure(response.id(), error(response.error()));
        }
        return Response.success(response.id(), complete(response.result(), hubVersion));
    }

    /** Legacy-era codes a modern client would misread, renumbered. */
    static RpcError error(RpcError error) {
        if (error.code() == RpcError.RESOURCE_NOT_FOUND) {
            return new RpcError(RpcError.INVALID_PARAMS, error.message(), error.data());
        }
        return error;
    }

    /** The HTTP status of an error answer: 404 for an unknown method, 400 for the era's request errors. */
    static int status(RpcError error) {
        return switch (error.code()) {
            case RpcError.METHOD_NOT_FOUND -> 404;
            case Eras.HEADER_MISMATCH, Eras.MISSING_REQUIRED_CLIENT_CAPABILITY, Eras.UNSUPPORTED_PROTOCOL_VERSION ->
                400;
            default -> 200;
        };
    }
}
