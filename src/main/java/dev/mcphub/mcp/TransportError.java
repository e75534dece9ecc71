package dev.mcphub.mcp;

import dev.mcphub.http.Exchange;
import dev.mcphub.jsonrpc.JsonRpc;
import dev.mcphub.jsonrpc.JsonRpcMessage;
import dev.mcphub.jsonrpc.RpcError;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * The one table of the MCP transport's refusals: each kind of bad HTTP exchange on {@code /mcp}, {@code
 * /sse} and {@code /messages} with its HTTP status and JSON-RPC error code. The answer is a JSON-RPC error
 * with a null id. (Errors of a request that reached the hub are JSON-RPC answers: {@link RpcErrors}.)
 */
enum TransportError {
    /** A POST whose Content-Type is not JSON. */
    UNSUPPORTED_MEDIA_TYPE(415, RpcError.INVALID_REQUEST),
    /** An Accept header that rules out every form of answer. */
    NOT_ACCEPTABLE(406, RpcError.INVALID_REQUEST),
    /** A request the Streamable HTTP transport does not allow (empty batch, a lone initialize, headers). */
    BAD_REQUEST(400, RpcError.INVALID_REQUEST),
    /** A body larger than the hub accepts. */
    TOO_LARGE(413, RpcError.INVALID_REQUEST),
    /** A second GET stream for one session. */
    CONFLICT(409, RpcError.INVALID_REQUEST),
    /** A Streamable HTTP session id the hub does not know (the client must initialize again). */
    SESSION_NOT_FOUND(404, RpcError.SESSION_NOT_FOUND),
    /** A path or server that does not exist. */
    NOT_FOUND(404, RpcError.SERVER_ERROR),
    METHOD_NOT_ALLOWED(405, RpcError.SERVER_ERROR),
    /** A legacy SSE POST without a sessionId parameter. */
    LEGACY_BAD_REQUEST(400, RpcError.SERVER_ERROR),
    /** A legacy SSE session id the hub does not know. */
    LEGACY_SESSION_NOT_FOUND(404, RpcError.SERVER_ERROR),
    /** A caller whose key or token may not use this endpoint, server or request (scopes, profile, step-up). */
    FORBIDDEN(403, McpAccess.FORBIDDEN),
    /** The hub's limit of open sessions is reached. */
    TOO_MANY_SESSIONS(503, RpcError.SERVER_ERROR),
    INTERNAL(500, RpcError.INTERNAL_ERROR);

    /** The status of a body that is not JSON or not JSON-RPC; its code is the parser's (parse error, invalid). */
    static final int MALFORMED_STATUS = 400;

    private final int status;
    private final int code;

    TransportError(int status, int code) {
        this.status = status;
        this.code = code;
    }

    void send(Response response, Callback callback, @Nullable String message) {
        send(response, callback, status, code, message);
    }

    /** A body that could not be read as JSON-RPC. */
    static void malformed(Response response, Callback callback, JsonRpc.MalformedMessageException e) {
        send(response, callback, MALFORMED_STATUS, e.rpcCode(), e.getMessage());
    }

    private static void send(Response response, Callback callback, int status, int code, @Nullable String message) {
        Exchange.json(
                response,
                callback,
                status,
                JsonRpcMessage.Response.failure(null, new RpcError(code, message))
                        .toJson());
    }
}
