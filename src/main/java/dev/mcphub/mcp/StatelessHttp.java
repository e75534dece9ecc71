package dev.mcphub.mcp;

import dev.mcphub.http.Exchange;
import dev.mcphub.jsonrpc.JsonRpcMessage.Request;
import dev.mcphub.jsonrpc.JsonRpcMessage.Response;
import dev.mcphub.jsonrpc.RpcError;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;

/**
 * The Streamable HTTP transport of the 2026-07-28 era beside the session transport on the same endpoint:
 * one POST per request, no session, the request's own {@code _meta} saying who asks. It checks the
 * standard headers against the body, answers each request as JSON (or as an SSE stream when progress or
 * log messages go first) with the era's HTTP statuses, and treats a closed response as cancellation.
 */
final class StatelessHttp implements AutoCloseable {
    private final StatelessDispatcher dispatcher;
    private final ListenStreams listens;
    private final McpSettings settings;
    private final Set<McpSession> inFlight = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("mcp-stateless-ticker").factory());

    StatelessHttp(StatelessDispatcher dispatcher, ListenStreams listens, McpSettings settings) {
        this.dispatcher = dispatcher;
        this.listens = listens;
        this.settings = settings;
    }

    void start() {
        long every = settings.callProbe().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /** Answers a POST the classifier did not find to be legacy traffic. */
    void post(
            Scope scope,
            EraClassifier.Verdict verdict,
            org.eclipse.jetty.server.Request request,
            org.eclipse.jetty.server.Response response,
            Callback callback,
            boolean sse) {
        switch (verdict) {
            case EraClassifier.Reject reject -> fail(response, callback, reject.status(), reject.id(), reject.error());
            case EraClassifier.Modern modern
            when modern.message() instanceof Request r -> request(scope, r, request, response, callback, sse);
            case EraClassifier.Modern modern -> Exchange.status(response, callback, 202, Map.of());
            case EraClassifier.Legacy legacy -> throw new IllegalArgumentException("legacy traffic is not served here");
        }
    }

    private void request(
            Scope scope,
            Request message,
            org.eclipse.jetty.server.Request request,
            org.eclipse.jetty.server.Response response,
            Callback callback,
            boolean sse) {
        String version = Envelope.claimedVersion(message.params());
        if (!Eras.MODERN.contains(version)) {
            fail(response, callback, 400, message.id(), unsupported(version));
            return;
        }
        RpcError headers = StandardHeaders.check(request.getHeaders(), message);
        if (headers != null) {
            fail(response, callback, 400, message.id(), headers);
            return;
        }
        Envelope envelope = Envelope.of(message.params());
        if (message.method().equals("subscriptions/listen")) {
            listens.open(scope, envelope, message, request, response, callback, sse);
            return;
        }
        McpSession session = StatelessDispatcher.sessionFor(scope, envelope, dev.mcphub.auth.Access.of(request));
        PostReply reply = new PostReply(
                response, callback, sse, Map.of(), settings.maxQueuedFrames(), () -> session.cancel(message.id()));
        request.addFailureListener(cause -> {
            reply.failed(cause);
            session.cancel(message.id());
        });
        inFlight.add(session);
        try {
            Response answer = dispatcher.request(session, envelope, message, reply, request.getHeaders());
            reply.finish(answer, answer.error() == null ? 200 : ModernResults.status(answer.error()));
        } finally {
            inFlight.remove(session);
        }
    }

    private void tick() {
        for (McpSession session : inFlight) {
            session.probeCalls(settings.callProbe());
        }
        listens.keepAlive();
        dispatcher.sweep();
    }

    static RpcError unsupported(String requested) {
        var data = dev.mcphub.json.Json.object();
        var supported = data.putArray("supported");
        Eras.supported().forEach(supported::add);
        data.put("requested", requested);
        return new RpcError(
                Eras.UNSUPPORTED_PROTOCOL_VERSION,
                "Unsupported protocol version: " + requested + " (this hub speaks " + Eras.supported() + ")",
                data);
    }

    static void fail(
            org.eclipse.jetty.server.Response response, Callback callback, int status, JsonNode id, RpcError error) {
        Exchange.json(response, callback, status, Response.failure(id, error).toJson());
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        listens.close();
    }
}
