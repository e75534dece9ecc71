package dev.mcphub.upstream;

import dev.mcphub.jsonrpc.JsonRpcMessage.Request;
import dev.mcphub.jsonrpc.JsonRpcMessage.Response;
import org.jspecify.annotations.Nullable;

/**
 * Who made a call, as far as the server's own requests during that call are concerned (sampling or
 * elicitation while a tool runs). The MCP endpoint implements it for each client call; the connection only
 * carries it from the call to the server's request, and the hub's {@code ServerRequests} gets it back typed:
 * nobody casts.
 */
public interface CallOrigin {

    /**
     * Whether this caller's client can be asked for {@code capability} (sampling, elicitation, roots), in
     * {@code mode} (elicitation's form or url; null otherwise), on behalf of {@code server}.
     */
    boolean accepts(String server, String capability, @Nullable String mode);

    /** Asks the client and waits for its answer, which keeps {@code request}'s id. */
    Response ask(Request request);
}
