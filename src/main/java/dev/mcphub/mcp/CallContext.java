package dev.mcphub.mcp;

import dev.mcphub.jsonrpc.JsonRpcMessage.Request;
import dev.mcphub.jsonrpc.JsonRpcMessage.Response;
import dev.mcphub.upstream.CallOrigin;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The client call a server's own request may belong to: the session that made the call and the stream on
 * which its answer will go, where the hub also sends the server's request (sampling, elicitation).
 *
 * @param timeout how long the client has to answer a server's request
 */
record CallContext(McpSession session, Outbound related, Duration timeout) implements CallOrigin {

    @Override
    public boolean accepts(String server, String capability, @Nullable String mode) {
        return ServerRequestForwarder.eligible(session, server, capability, mode);
    }

    @Override
    public Response ask(Request request) {
        return ServerRequestForwarder.ask(session, related != null ? related : session, request, timeout);
    }
}
