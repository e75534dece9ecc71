package dev.mcphub.mcp;

import dev.mcphub.jsonrpc.JsonRpc;
import dev.mcphub.jsonrpc.JsonRpcMessage;
import dev.mcphub.jsonrpc.RpcError;
import tools.jackson.databind.JsonNode;

/**
 * Tells, per POST, which era a message belongs to, from its body first and its headers second, as the
 * 2026-07-28 versioning rules ask: a request whose {@code _meta} names a protocol version (or whose
 * {@code MCP-Protocol-Version} header names a modern one) is served statelessly; {@code initialize},
 * envelope-less requests, responses and batches are the legacy era's session traffic. A modern claim that
 * is malformed or disagrees with its headers is rejected here, never quietly served as legacy.
 */
final class EraClassifier {
    private EraClassifier() {}

    /** The verdict on one POST body. */
    sealed interface Verdict {}

    /** Session traffic of the 2025 era (or before): the Streamable HTTP session transport answers it. */
    record Legacy() implements Verdict {}

    /** A stateless 2026-era message. */
    record Modern(JsonRpcMessage message) implements Verdict {}

    /** A modern message rejected before dispatch, with its HTTP status. */
    record Reject(int status, JsonNode id, RpcError error) implements Verdict {}

    /**
     * @param versionHeader the {@code MCP-Protocol-Version} header, or null
     * @param methodHeader the {@code Mcp-Method} header, or null
     */
    static Verdict classify(JsonNode body, String versionHeader, String methodHeader) {
        String header = versionHeader == null ? null : versionHeader.strip();
        boolean modernHeader = Eras.isModern(header);
        if (body == null || body.isArray()) {
            return batch(body);
        }
        if (!body.isObject() || body.has("result") || body.has("error") || !body.has("method")) {
            return new Legacy(); // A response to one of the hub's requests, or junk the session transport rejects.
        }
        JsonNode params = body.get("params");
        String method = body.get("method").isString() ? body.get("method").asString() : "";
        JsonNode id = body.get("id");
        boolean request = id != null && !id.isNull();
        if (method.equals("initialize") && !Envelope.claims(params)) {
            return modernHeader
                    ? mismatch(
                            id,
                            "an initialize request (the legacy handshake) carries the modern header "
                                    + "MCP-Protocol-Version: " + header)
                    : new Legacy();
        }
        if (Envelope.claims(params)) {
            String problem = request ? Envelope.problem(params) : null;
            if (problem != null) {
                return new Reject(400, id, new RpcError(RpcError.INVALID_PARAMS, "Invalid params: " + problem));
            }
            String claimed = Envelope.claimedVersion(params);
            if (header != null && claimed != null && !header.equals(claimed)) {
                return mismatch(id, "the MCP-Protocol-Version header names " + header + " but _meta names " + claimed);
            }
            if (methodHeader != null && !methodHeader.strip().equals(method)) {
                return mismatch(
                        id, "the Mcp-Method header names " + methodHeader.strip() + " but the body names " + method);
            }
            return modern(body);
        }
        if (modernHeader) {
            if (!request) {
                return modern(body);
            }
            return new Reject(
                    400,
                    id,
                    new RpcError(
                            RpcError.INVALID_PARAMS,
                            "Invalid params: the MCP-Protocol-Version header names " + header + " but "
                                    + Envelope.problem(params)));
        }
        return new Legacy();
    }

    private static Verdict batch(JsonNode body) {
        if (body != null) {
            for (JsonNode element : body) {
                if (Envelope.claims(element.get("params"))) {
                    return new Reject(
                            400,
                            null,
                            new RpcError(
                                    RpcError.INVALID_REQUEST,
                                    "Invalid request: a JSON-RPC batch may not carry 2026-07-28 requests"));
                }
            }
        }
        return new Legacy();
    }

    private static Verdict modern(JsonNode body) {
        try {
            return new Modern(JsonRpc.read(body));
        } catch (JsonRpc.MalformedMessageException e) {
            return new Reject(400, body.get("id"), new RpcError(e.rpcCode(), e.getMessage()));
        }
    }

    private static Reject mismatch(JsonNode id, String why) {
        return new Reject(400, id, new RpcError(Eras.HEADER_MISMATCH, "Header mismatch: " + why));
    }
}
