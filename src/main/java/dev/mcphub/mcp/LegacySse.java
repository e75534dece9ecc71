package dev.mcphub.mcp;

import dev.mcphub.auth.Access;
import dev.mcphub.error.HubException;
import dev.mcphub.http.Exchange;
import dev.mcphub.http.SseChannel;
import dev.mcphub.jsonrpc.JsonRpc;
import dev.mcphub.jsonrpc.JsonRpcMessage;
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
        McpSession session = sessions.open(scope, true, Access.of(request));
        if (session == null) {
            TransportError.TOO_MANY_SESSIONS.send(response, callback, "Too many sessions: the hub's limit is reached");
            return;
        }
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
            TransportError.LEGACY_BAD_REQUEST.send(response, callback, "Missing sessionId parameter");
            return;
        }
        McpSession session = sessions.get(id);
        if (session == null
                || !session.legacy
                || !session.scope.equals(scope)
                || !session.acceptsFrom(Access.of(request))) {
            TransportError.LEGACY_SESSION_NOT_FOUND.send(response, callback, "Session not found: " + id);
            return;
        }
        JsonRpcMessage message;
        try {
            message = JsonRpc.read(JsonRpc.parseTree(Exchange.body(request, Exchange.maxBodyBytes())));
        } catch (JsonRpc.MalformedMessageException e) {
            TransportError.malformed(response, callback, e);
            return;
        } catch (HubException e) {
            TransportError.TOO_LARGE.send(response, callback, e.getMessage());
            return;
        }
        Exchange.text(response, callback, 202, "text/plain", "Accepted");
        if (message instanceof JsonRpcMessage.Request call) {
            Thread.ofVirtual()
                    .name("mcp-legacy-call")
                    .start(tracing.withCurrentContext(
                            () -> session.send(dispatcher.request(session, call, session, false))));
        } else {
            dispatcher.other(session, message);
        }
    }
}
