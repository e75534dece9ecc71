package dev.mcphub.mcp;

import dev.mcphub.auth.Access;
import dev.mcphub.auth.Door;
import dev.mcphub.auth.Permission;
import dev.mcphub.error.HubException;
import dev.mcphub.http.Exchange;
import dev.mcphub.http.SseChannel;
import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpc;
import dev.mcphub.jsonrpc.JsonRpcMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * The Streamable HTTP transport (protocol 2025-03-26 and later) at one endpoint path: POST carries client
 * messages, GET opens the session's standing stream, DELETE ends the session. Errors are the spec's: 400
 * for a missing session or a bad message, 404 for an unknown session, 406/415 for content types.
 */
final class StreamableHttp {
    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";

    private final Sessions sessions;
    private final Dispatcher dispatcher;
    private final McpSettings settings;
    private final StatelessHttp stateless;

    StreamableHttp(Sessions sessions, Dispatcher dispatcher, McpSettings settings, StatelessHttp stateless) {
        this.sessions = sessions;
        this.dispatcher = dispatcher;
        this.settings = settings;
        this.stateless = stateless;
    }

    void post(Scope scope, Request request, Response response, Callback callback) throws Exception {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            TransportError.UNSUPPORTED_MEDIA_TYPE.send(
                    response, callback, "Unsupported Media Type: Content-Type must be application/json");
            return;
        }
        String accept = String.valueOf(request.getHeaders().get(HttpHeader.ACCEPT));
        boolean json = accept.contains("application/json") || accept.contains("*/*") || accept.equals("null");
        boolean sse = accept.contains("text/event-stream");
        if (!json && !sse) {
            TransportError.NOT_ACCEPTABLE.send(
                    response, callback, "Not Acceptable: accept application/json or text/event-stream");
            return;
        }
        JsonNode body;
        try {
            body = JsonRpc.parseTree(Exchange.body(request, Exchange.maxBodyBytes()));
        } catch (JsonRpc.MalformedMessageException e) {
            TransportError.malformed(response, callback, e);
            return;
        } catch (HubException e) {
            TransportError.TOO_LARGE.send(response, callback, e.getMessage());
            return;
        }
        // Both eras share this endpoint: a 2026-07-28 message is answered statelessly, without a session.
        EraClassifier.Verdict era = EraClassifier.classify(
                body,
                request.getHeaders().get(VERSION_HEADER),
                request.getHeaders().get(Eras.METHOD_HEADER));
        if (!(era instanceof EraClassifier.Legacy)) {
            stateless.post(scope, era, request, response, callback, sse);
            return;
        }
        List<JsonRpcMessage> messages = new ArrayList<>();
        try {
            if (body.isArray()) {
                for (JsonNode item : body) {
                    messages.add(JsonRpc.read(item));
                }
            } else {
                messages.add(JsonRpc.read(body));
            }
        } catch (JsonRpc.MalformedMessageException e) {
            TransportError.malformed(response, callback, e);
            return;
        }
        if (messages.isEmpty()) {
            TransportError.BAD_REQUEST.send(response, callback, "Invalid request: empty batch");
            return;
        }
        McpSession session = sessionFor(scope, request, response, callback, messages);
        if (session == null) {
            return;
        }
        if (stepUp(session, request, response, callback, messages)) {
            return;
        }
        answer(session, request, response, callback, messages, body.isArray(), sse);
    }

    void get(Scope scope, Request request, Response response, Callback callback) {
        String accept = String.valueOf(request.getHeaders().get(HttpHeader.ACCEPT));
        if (!accept.contains("text/event-stream")) {
            TransportError.NOT_ACCEPTABLE.send(
                    response, callback, "Not Acceptable: the GET stream is text/event-stream");
            return;
        }
        McpSession session = existing(scope, request, response, callback);
        if (session == null) {
            return;
        }
        JsonNode lost = Resumption.lostCall(request.getHeaders().get("Last-Event-ID"));
        SseChannel channel = new SseChannel(response, callback, settings.maxQueuedFrames(), session::touch);
        if (!session.attach(channel)) {
            if (lost == null) {
                TransportError.CONFLICT.send(
                        response, callback, "Conflict: this session already has an open GET stream");
                return;
            }
            // The session's stream is open here already: this one only answers the lost call.
            response.getHeaders().put(SESSION_HEADER, session.id);
            channel.open();
            channel.send(Resumption.answer(lost));
            channel.close();
            return;
        }
        request.addFailureListener(channel::failed);
        response.getHeaders().put(SESSION_HEADER, session.id);
        channel.open();
        if (lost != null) {
            channel.send(Resumption.answer(lost));
        }
    }

    void delete(Scope scope, Request request, Response response, Callback callback) {
        McpSession session = existing(scope, request, response, callback);
        if (session != null) {
            sessions.terminate(session);
            Exchange.status(response, callback, 200, Map.of());
        }
    }

    private void answer(
            McpSession session,
            Request request,
            Response response,
            Callback callback,
            List<JsonRpcMessage> messages,
            boolean batch,
            boolean sse) {
        Map<String, String> headers = Map.of(SESSION_HEADER, session.id);
        List<JsonRpcMessage.Request> requests = new ArrayList<>();
        for (JsonRpcMessage message : messages) {
            if (message instanceof JsonRpcMessage.Request r) {
                requests.add(r);
            } else {
                dispatcher.other(session, message);
            }
        }
        if (requests.isEmpty()) {
            sessions.used(session);
            Exchange.status(response, callback, 202, headers);
            return;
        }
        if (!batch) {
            JsonNode id = requests.getFirst().id();
            PostReply reply = new PostReply(
                    response,
                    callback,
                    sse,
                    headers,
                    settings.maxQueuedFrames(),
                    () -> session.cancel(id),
                    sessions.shared() && id != null ? Resumption.idFor(id) : null);
            request.addFailureListener(cause -> {
                reply.failed(cause);
                session.cancel(id);
            });
            JsonRpcMessage.Response answer = dispatcher.request(session, requests.getFirst(), reply, true);
            // Saved before the client hears the answer: its next request may reach another replica at once.
            sessions.used(session);
            reply.finish(answer);
            return;
        }
        ArrayNode answers = Json.array();
        for (JsonRpcMessage.Request r : requests) {
            answers.add(dispatcher.request(session, r, null, false).toJson());
        }
        sessions.used(session);
        Exchange.json(response, callback, 200, answers, headers);
    }

    /**
     * A lone call the caller's token lacks the scope for gets 403 with an {@code insufficient_scope} challenge,
     * as MCP authorization asks, so that an OAuth client can ask for more; in a batch, or without
     * authentication, the dispatcher's JSON-RPC error says the same.
     */
    private boolean stepUp(
            McpSession session, Request request, Response response, Callback callback, List<JsonRpcMessage> messages) {
        if (messages.size() != 1) {
            return false;
        }
        Permission needed = McpAccess.lacking(session, messages.getFirst());
        String challenge = needed == null ? null : Door.stepUp(request, needed);
        if (challenge == null) {
            return false;
        }
        dispatcher.refusal(session, (JsonRpcMessage.Request) messages.getFirst()); // audited as denied
        response.getHeaders().put("WWW-Authenticate", challenge);
        response.getHeaders().put(SESSION_HEADER, session.id);
        TransportError.FORBIDDEN.send(response, callback, session.access().lacks(needed, "this request"));
        return true;
    }

    /** The session of a POST: a new one for initialize, else the one named by the header. */
    private McpSession sessionFor(
            Scope scope, Request request, Response response, Callback callback, List<JsonRpcMessage> messages) {
        boolean initialize = messages.stream()
                .anyMatch(
                        m -> m instanceof JsonRpcMessage.Request r && r.method().equals("initialize"));
        if (!initialize) {
            return existing(scope, request, response, callback);
        }
        if (messages.size() > 1) {
            TransportError.BAD_REQUEST.send(response, callback, "Invalid request: initialize must be sent alone");
            return null;
        }
        if (request.getHeaders().get(SESSION_HEADER) != null) {
            TransportError.BAD_REQUEST.send(
                    response, callback, "Invalid request: initialize must not carry a session id");
            return null;
        }
        McpSession session = sessions.open(scope, Request.getPathInContext(request), false, Access.of(request));
        if (session == null) {
            TransportError.TOO_MANY_SESSIONS.send(response, callback, "Too many sessions: the hub's limit is reached");
        }
        return session;
    }

    /** The session named by the header; a session of another endpoint is not found here. */
    private McpSession existing(Scope scope, Request request, Response response, Callback callback) {
        String id = request.getHeaders().get(SESSION_HEADER);
        if (id == null) {
            TransportError.BAD_REQUEST.send(response, callback, "Bad Request: Mcp-Session-Id header is required");
            return null;
        }
        McpSession session = sessions.resume(id, Access.of(request));
        if (session == null || !session.scope.equals(scope) || !session.acceptsFrom(Access.of(request))) {
            TransportError.SESSION_NOT_FOUND.send(response, callback, "Session not found: " + id);
            return null;
        }
        String version = request.getHeaders().get(VERSION_HEADER);
        if (version != null && !Initialize.VERSIONS.contains(version)) {
            TransportError.BAD_REQUEST.send(
                    response, callback, "Bad Request: unsupported MCP-Protocol-Version " + version);
            return null;
        }
        return session;
    }
}
