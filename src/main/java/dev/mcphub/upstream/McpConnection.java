package dev.mcphub.upstream;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpcMessage;
import dev.mcphub.jsonrpc.JsonRpcMessage.Notification;
import dev.mcphub.jsonrpc.JsonRpcMessage.Request;
import dev.mcphub.jsonrpc.JsonRpcMessage.Response;
import dev.mcphub.jsonrpc.RpcError;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hub as an MCP client of one server: request ids, waiting for answers with timeouts, progress and
 * cancellation, and the server's own requests and notifications. Callers block on a virtual thread;
 * interrupting the caller cancels the request at the server.
 */
public final class McpConnection implements Transport.Listener {
    private static final Logger log = LoggerFactory.getLogger(McpConnection.class);

    /** What the connection hands to its owner. Methods must not block, except {@link #onRequest}. */
    interface Handlers {
        void onNotification(Notification notification);

        /** Answers a request of the server; runs on a virtual thread of its own. */
        Response onRequest(Request request, List<CallOrigin> origins);

        void onClose(String reason);

        /** Watches the requests sent on this connection (metrics, traces). */
        default CallObserver observer() {
            return CallObserver.NONE;
        }
    }

    private static final AtomicLong NEXT_ID = new AtomicLong();
    /** Requests whose answer ends a stream rather than a call (the 2026-07-28 list-change stream). */
    static final java.util.Set<String> STREAMS = java.util.Set.of("subscriptions/listen");

    private static final String CAPABILITIES_KEY = "io.modelcontextprotocol/clientCapabilities";

    private final long id = NEXT_ID.incrementAndGet();
    private final String server;
    private final Transport transport;
    private final Handlers handlers;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Pending> byProgressToken = new ConcurrentHashMap<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    /** The 2026-07-28 per-request envelope every request carries in {@code _meta}; null in the legacy era. */
    private volatile ObjectNode envelope;

    McpConnection(String server, Transport transport, Handlers handlers) {
        this.server = server;
        this.transport = transport;
        this.handlers = handlers;
    }

    void open() throws IOException {
        transport.start(this);
    }

    Transport transport() {
        return transport;
    }

    /** Unique in this hub's life: tells one connection to a server from the next. */
    long id() {
        return id;
    }

    public String server() {
        return server;
    }

    /** Completes with the reason once the channel has ended. */
    public CompletableFuture<String> closed() {
        return closed;
    }

    public boolean isOpen() {
        return !closed.isDone();
    }

    /**
     * Sends a request and waits for its result. A JSON-RPC error from the server, a broken channel or a
     * timeout is thrown as a {@link HubException} naming the server.
     */
    public JsonNode request(String method, JsonNode params, CallOptions options) {
        // A stream held open for the connection's life is no call: counted in flight it would stay there for
        // good, and as a span it would be one that never ends. Its observers see nothing of it.
        CallObserver.Call observed = STREAMS.contains(method)
                ? CallObserver.Call.NONE
                : handlers.observer().start(server, transport.kind(), method, params);
        CallObserver.Outcome outcome = CallObserver.Outcome.PROTOCOL_ERROR;
        Pending call = new Pending(ids.incrementAndGet(), method, options);
        try {
            JsonNode result = send(call, params, observed.traceparent());
            outcome = "tools/call".equals(method)
                            && result != null
                            && result.path("isError").asBoolean(false)
                    ? CallObserver.Outcome.TOOL_ERROR
                    : CallObserver.Outcome.OK;
            return result;
        } catch (HubException e) {
            outcome = switch (e.code()) {
                case UPSTREAM_TIMEOUT -> CallObserver.Outcome.TIMEOUT;
                case UNAVAILABLE -> CallObserver.Outcome.CANCELLED;
                default -> CallObserver.Outcome.PROTOCOL_ERROR;
            };
            throw e;
        } finally {
            observed.end(outcome, call.sentBytes, call.receivedBytes);
        }
    }

    private JsonNode send(Pending call, JsonNode params, String traceparent) {
        long id = call.id;
        String method = call.method;
        CallOptions options = call.options;
        JsonNode sent = withEnvelope(
                TraceMeta.withTraceparent(
                        withOwnProgressToken(call, params), params, traceparent, transport.carriesTraceHeader()),
                options.origin());
        pending.put(id, call);
        try {
            ensureOpen();
            Request request = new Request(Json.MAPPER.getNodeFactory().numberNode(id), method, sent);
            if (transport.answersOnCallerThread()) {
                return sendAndRead(call, request, traceparent);
            }
            send(request, traceparent);
            return await(call);
        } catch (IOException e) {
            throw failure(method, "the request could not be sent: " + e.getMessage());
        } finally {
            pending.remove(id);
            if (call.progressToken != null) {
                byProgressToken.remove(call.progressToken);
            }
        }
    }

    private void send(Request request, String traceparent) throws IOException {
        if (traceparent == null) {
            transport.send(request);
        } else {
            transport.send(request, traceparent);
        }
    }

    /**
     * The call for a transport that reads the answer on this thread: the deadline watchdog stands in for the
     * clock {@link #await} would wait on, and aborts the exchange when the time is up; an interrupt (the client
     * gave up) breaks the exchange's blocking read by itself.
     */
    private JsonNode sendAndRead(Pending call, Request request, String traceparent) throws IOException {
        CallDeadlines.Watched watched = new CallDeadlines.Watched() {
            @Override
            public boolean expired(long now) {
                return call.expired(now);
            }

            @Override
            public void expire() {
                call.timedOut = true;
                transport.abort(request.id());
            }
        };
        CallDeadlines.SHARED.watch(watched);
        try {
            send(request, traceparent);
        } finally {
            CallDeadlines.SHARED.unwatch(watched);
        }
        if (call.timedOut) {
            throw timedOut(call);
        }
        if (Thread.interrupted()) {
            HubException cancelled = cancelled(call);
            Thread.currentThread().interrupt();
            throw cancelled;
        }
        return await(call); // answered by now, unless the exchange ended without an answer
    }

    public void notify(String method, JsonNode params) {
        try {
            transport.send(new Notification(method, withEnvelope(params, null)));
        } catch (IOException e) {
            log.debug("{}: could not send {}: {}", server, method, e.getMessage());
        }
    }

    /** Speaks the 2026-07-28 era from now on: every message carries {@code meta} (null: back to legacy). */
    void modern(ObjectNode meta) {
        this.envelope = meta;
    }

    /**
     * The era's envelope merged into a message's {@code _meta}. A request made for a client ({@code origin})
     * declares only the client-side capabilities that client has: a 2026-era server picks its input requests
     * (sampling, elicitation, roots) by them, and asking for one the client cannot answer would fail the call.
     */
    private JsonNode withEnvelope(JsonNode params, @Nullable CallOrigin origin) {
        ObjectNode meta = envelope;
        if (meta == null) {
            return params;
        }
        ObjectNode copy = params instanceof ObjectNode object ? object.deepCopy() : Json.object();
        ObjectNode own = copy.withObject("_meta");
        meta.properties().forEach(entry -> own.set(entry.getKey(), entry.getValue()));
        if (origin != null && meta.get(CAPABILITIES_KEY) instanceof ObjectNode capabilities) {
            own.set(CAPABILITIES_KEY, CallerCapabilities.narrowed(capabilities, server, origin));
        }
        return copy;
    }

    /** The origins of the requests now waiting for the server, newest first. */
    List<CallOrigin> inFlightOrigins() {
        return pending.values().stream()
                .filter(call -> call.options.origin() != null)
                .sorted((a, b) -> Long.compare(b.id, a.id))
                .map(call -> call.options.origin())
                .toList();
    }

    void close() {
        transport.close();
        onClose("closed by the hub");
    }

    @Override
    public void onMessage(JsonRpcMessage message, JsonNode relatedRequestId) {
        onMessage(message, relatedRequestId, -1);
    }

    @Override
    public void onMessage(JsonRpcMessage message, JsonNode relatedRequestId, int wireBytes) {
        switch (message) {
            case Response response -> complete(response, wireBytes);
            case Notification notification -> onNotification(notification);
            case Request request ->
                ServerThreads.start("server-request", server, () -> answer(request, relatedRequestId));
        }
    }

    @Override
    public void onClose(String reason) {
        if (!closed.complete(reason)) {
            return;
        }
        HubException failure = new HubException(
                ErrorCode.UPSTREAM_ERROR, "Server '" + server + "' disconnected: " + reason, Map.of("server", server));
        pending.values().forEach(call -> call.future.completeExceptionally(failure));
        handlers.onClose(reason);
    }

    private JsonNode await(Pending call) {
        long start = System.nanoTime();
        long maxTotal = call.options.maxTotal().toNanos();
        while (true) {
            long idleLeft = call.lastActivity + call.options.timeout().toNanos() - System.nanoTime();
            long totalLeft = start + maxTotal - System.nanoTime();
            long wait = Math.min(idleLeft, totalLeft);
            try {
                if (wait <= 0) {
                    throw new TimeoutException();
                }
                return unwrap(call, call.future.get(wait, TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                if (call.lastActivity + call.options.timeout().toNanos() > System.nanoTime()
                        && start + maxTotal > System.nanoTime()) {
                    continue; // Progress arrived while we waited: the clock was reset.
                }
                throw timedOut(call);
            } catch (InterruptedException e) {
                HubException cancelled = cancelled(call);
                Thread.currentThread().interrupt();
                throw cancelled;
            } catch (ExecutionException e) {
                throw e.getCause() instanceof HubException hub
                        ? hub
                        : failure(call.method, e.getCause().toString());
            }
        }
    }

    private HubException timedOut(Pending call) {
        cancel(call, "timed out");
        return new HubException(
                ErrorCode.UPSTREAM_TIMEOUT,
                "Server '" + server + "' did not answer " + call.method + " within " + describe(call.options.timeout()),
                Map.of("server", server, "method", call.method));
    }

    /**
     * The client gave up: tells the server. Called with the thread's interrupt cleared (sending the notification
     * on an interrupted virtual thread would fail at once); the caller sets it again.
     */
    private HubException cancelled(Pending call) {
        cancel(call, "cancelled by the client");
        return new HubException(
                ErrorCode.UNAVAILABLE, "Request to server '" + server + "' was cancelled", Map.of("server", server));
    }

    private JsonNode unwrap(Pending call, Response response) {
        if (response.error() == null) {
            return response.result();
        }
        RpcError error = response.error();
        return throwUpstreamError(call.method, error);
    }

    private JsonNode throwUpstreamError(String method, RpcError error) {
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("server", server);
        data.put("method", method);
        if (error.data() != null) {
            data.put("upstreamData", error.data());
        }
        // The reference's shape, which clients read: the error class of its TypeScript SDK and the code.
        data.put("originalError", Map.of("code", error.code(), "name", "McpError"));
        throw HubException.upstream(error.message(), error.code(), data);
    }

    private void cancel(Pending call, String reason) {
        if (!isOpen()) {
            return;
        }
        ObjectNode params = Json.object();
        params.put("requestId", call.id);
        params.put("reason", reason);
        notify("notifications/cancelled", params);
    }

    private void complete(Response response, int wireBytes) {
        JsonNode id = response.id();
        Pending call = id != null && id.canConvertToLong() ? pending.get(id.asLong()) : null;
        if (call == null) {
            log.debug("{}: response for an unknown or finished request {}", server, id);
            return;
        }
        call.receivedBytes = wireBytes;
        call.future.complete(response);
    }

    /** The transport wrote a request: its size is kept for the call's observers (no second serialization). */
    @Override
    public void sent(JsonRpcMessage message, int wireBytes) {
        if (message instanceof Request request
                && request.id() != null
                && request.id().canConvertToLong()) {
            Pending call = pending.get(request.id().asLong());
            if (call != null) {
                call.sentBytes = wireBytes;
            }
        }
    }

    private void onNotification(Notification notification) {
        if ("notifications/progress".equals(notification.method())) {
            routeProgress(notification.params());
            return;
        }
        handlers.onNotification(notification);
    }

    private void routeProgress(JsonNode params) {
        JsonNode token = params == null ? null : params.get("progressToken");
        Pending call = token == null ? null : byProgressToken.get(token.asString(""));
        if (call == null || call.options.progress() == null || !(params instanceof ObjectNode object)) {
            return;
        }
        call.lastActivity = System.nanoTime();
        ObjectNode forClient = object.deepCopy();
        forClient.set("progressToken", call.clientProgressToken);
        call.options.progress().progress(forClient);
    }

    private void answer(Request request, JsonNode relatedRequestId) {
        Response response;
        if ("ping".equals(request.method())) {
            response = Response.success(request.id(), Json.object());
        } else {
            response = handlers.onRequest(request, originsFor(relatedRequestId));
        }
        try {
            transport.send(response);
        } catch (IOException e) {
            log.debug("{}: could not answer {}: {}", server, request.method(), e.getMessage());
        }
    }

    private List<CallOrigin> originsFor(JsonNode relatedRequestId) {
        if (relatedRequestId != null && relatedRequestId.canConvertToLong()) {
            Pending call = pending.get(relatedRequestId.asLong());
            if (call != null && call.options.origin() != null) {
                return List.of(call.options.origin());
            }
        }
        return inFlightOrigins();
    }

    /** Swaps the caller's progress token for one unique on this connection, so callers never collide. */
    private JsonNode withOwnProgressToken(Pending call, JsonNode params) {
        if (call.options.progress() == null || !(params instanceof ObjectNode object)) {
            return params;
        }
        JsonNode meta = object.get("_meta");
        JsonNode token = meta == null ? null : meta.get("progressToken");
        if (token == null) {
            return params;
        }
        call.clientProgressToken = token;
        call.progressToken = "hub-" + call.id;
        byProgressToken.put(call.progressToken, call);
        ObjectNode copy = object.deepCopy();
        ((ObjectNode) copy.get("_meta")).put("progressToken", call.progressToken);
        return copy;
    }

    private void ensureOpen() {
        String reason = closed.getNow(null);
        if (reason != null) {
            throw new HubException(
                    ErrorCode.SERVER_NOT_CONNECTED,
                    "Server '" + server + "' is not connected: " + reason,
                    Map.of("server", server));
        }
    }

    private HubException failure(String method, String why) {
        return new HubException(
                ErrorCode.UPSTREAM_ERROR,
                "Server '" + server + "' failed on " + method + ": " + why,
                Map.of("server", server, "method", method));
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static final class Pending {
        final long id;
        final String method;
        final CallOptions options;
        final CompletableFuture<Response> future = new CompletableFuture<>();
        final long start = System.nanoTime();
        volatile long lastActivity = start;
        volatile boolean timedOut;
        volatile String progressToken;
        volatile JsonNode clientProgressToken;
        /** Sizes on the wire, set by the transport's threads before the answer completes the future; -1 unknown. */
        volatile int sentBytes = -1;

        volatile int receivedBytes = -1;

        Pending(long id, String method, CallOptions options) {
            this.id = id;
            this.method = method;
            this.options = options;
        }

        /** Whether the call is out of time: idle longer than its timeout, or older than its total. */
        boolean expired(long now) {
            return now - lastActivity >= options.timeout().toNanos()
                    || now - start >= options.maxTotal().toNanos();
        }
    }
}
