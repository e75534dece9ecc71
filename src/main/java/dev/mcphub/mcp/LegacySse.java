package dev.mcphub.mcp;

import dev.mcphub.error.HubException;
import dev.mcphub.http.Exchange;
import dev.mcphub.http.SseChannel;
import dev.mcphub.jsonrpc.JsonRpc;
import dev.mcphub.jsonrpc.JsonRpcMessage;
import dev.mcphub.jsonrpc.RpcError;
import dev.mcphub.tracing.Tracing;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The legacy HTTP+SSE transport (protocol 2024-11-05), as the reference serves it: {@code GET} opens the
 * session's stream, whose first event names the URL to POST messages to; every answer travels on the
 * stream; a POST is acknowledged with 202 and processed on a thread of its own.
 */
final class LegacySse {
    private final Sessions sessions;
    private final Dispatcher dispatcher;
    private final McpSettings settings;
    private final Tracing tracing;

    LegacySse(Sessions sessions, Dispatcher dispatcher, McpSettings settings, Tracing tracing) {
        this.tracing = tracing;
        this.sessions = sessions;
        this.dispatcher = dispatcher;
        this.settings = settings;
    }

    /** Opens a session; {@code messagesPath} is where its client will POST. */
    void open(Scope scope, String messagesPath, Request request, Response response, Callback callback) {
        McpSession session = sessions.open(scope, true);
        SseChannel channel =
                new SseChannel(response, callback, settings.maxQueuedFrames(), () -> sessions.end(session));
        session.attach(channel);
        request.addFailureListener(channel::failed);
        channel.open();
        channel.send(Frames.event("endpoint", messagesPath + "?sessionId=" + session.id));
    }

    void post(Scope scope, Request request, Response response, Callback callback) throws Exception {
        String id = Request.extractQueryParameters(request).getValue("sessionId");
        if (id == null) {
            StreamableHttp.reject(response, callback, 400, RpcError.SERVER_ERROR, "Missing sessionId parameter");
            return;
        }
        McpSession session = sessions.get(id);
        if (session == null || !session.legacy || !session.scope.equals(scope)) {
            StreamableHttp.reject(response, callback, 404, RpcError.SERVER_ERROR, "Session not found: " + id);
            return;
        }
        JsonRpcMessage message;
        try {
            message = JsonRpc.read(JsonRpc.parseTree(Exchange.body(request, Exchange.MAX_BODY_BYTES)));
        } catch (JsonRpc.MalformedMessageException e) {
            StreamableHttp.reject(response, callback, 400, e.rpcCode(), e.getMessage());
            return;
        } catch (HubException e) {
            StreamableHttp.reject(response, callback, 413, RpcError.INVALID_REQUEST, e.getMessage());
            return;
        }
        Exchange.text(response, callback, 202, "text/plain", "Accepted");
        if (message instanceof JsonRpcMessage.Request call) {
            Thread.ofVirtual()
                    .name("mcp-legacy-call")
                    .start(tracing.withCurrentContext(() -> session.send(dispatcher.request(session, call, session))));
        } else {
            dispatcher.other(session, message);
        }
    }
}
