package dev.mcphub.hub;

import dev.mcphub.jsonrpc.JsonRpcMessage.Request;
import dev.mcphub.jsonrpc.JsonRpcMessage.Response;
import dev.mcphub.upstream.CallOrigin;
import java.util.List;

/**
 * Answers requests a server sends to the hub's clients (sampling, elicitation, roots). The MCP endpoint is the
 * one implementation; the hub hands it the server's name and the typed origins of the calls now in flight on
 * that server, so it never sees an upstream or a connection. Blocking is fine.
 */
@FunctionalInterface
public interface ServerRequests {

    /**
     * @param origins the clients whose calls the request may belong to, the likeliest first (the call the
     *     server named, else every call in flight on that server, newest first); empty when none
     */
    Response handle(String server, Request request, List<CallOrigin> origins);
}
