package dev.mcphub.mcp;

import dev.mcphub.jsonrpc.JsonRpcMessage;
import dev.mcphub.jsonrpc.JsonRpcMessage.Request;
import dev.mcphub.jsonrpc.JsonRpcMessage.Response;
import dev.mcphub.jsonrpc.RpcError;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * A modern client's call that a 2025-era server is still working on while the client answers its questions in
 * Multi Round-Trip style. The call runs on its own thread, under its own throw-away session; each request the
 * server sends it (sampling, elicitation, roots) becomes an outstanding input that the client's current request
 * answers with an {@code InputRequiredResult}, and that a retry carrying {@code inputResponses} resolves. Progress
 * and log messages of the call go to whichever of the client's requests is waiting on it now.
 */
final class PendingCall implements Outbound {
    /** A server's request waiting for the client's answer. */
    record Input(String key, Request request, CompletableFuture<JsonNode> answer) {}

    final String id;
    private final Supplier<String> bindingOf;
    private volatile String binding;
    private final McpSession callSession;
    private final JsonNode callId;
    private final Map<String, Input> outstanding = new LinkedHashMap<>();
    private final LinkedBlockingQueue<Boolean> signals = new LinkedBlockingQueue<>();
    private final AtomicInteger keys = new AtomicInteger();
    private volatile Outbound current;
    private volatile Response done;
    private volatile long touchedNanos = System.nanoTime();

    /**
     * @param binding what the request was and who sent it; asked only when the call is parked or a retry names
     *     it, so a call that needs no input never pays for hashing its arguments
     */
    PendingCall(String id, Supplier<String> binding, McpSession callSession, JsonNode callId) {
        this.id = id;
        this.bindingOf = binding;
        this.callSession = callSession;
        this.callId = callId;
    }

    String binding() {
        String known = binding;
        if (known == null) {
            known = bindingOf.get();
            binding = known;
        }
        return known;
    }

    /** Starts the call on a thread of its own; {@code call} gets this as the outbound of its progress. */
    void start(Function<Outbound, Response> call) {
        Thread.ofVirtual().name("mrtr-call-" + id).start(() -> {
            Response response;
            try {
                response = call.apply(this);
            } catch (RuntimeException e) {
                response = Response.failure(callId, new RpcError(RpcError.INTERNAL_ERROR, e.getMessage()));
            }
            done = response;
            signals.add(Boolean.TRUE);
        });
    }

    /** Progress and log messages of the call go to {@code reply} (a call run on the request's own thread). */
    void attach(Outbound reply) {
        current = reply;
    }

    McpSession callSession() {
        return callSession;
    }

    /**
     * The server asks: waits (on the server's thread) until a retry of the client answers, or the time is up.
     * Keys are unique within the call, as the era requires.
     */
    Response ask(Request request, Duration timeout) {
        Input input = new Input("input-" + keys.incrementAndGet(), request, new CompletableFuture<>());
        synchronized (this) {
            outstanding.put(input.key(), input);
        }
        signals.add(Boolean.TRUE);
        try {
            JsonNode answer = input.answer().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Response.success(request.id(), answer);
        } catch (TimeoutException e) {
            return Response.failure(
                    request.id(),
                    new RpcError(
                            RpcError.REQUEST_TIMEOUT,
                            "The 2026-07-28 client did not retry with inputResponses for " + request.method()
                                    + " in time"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.failure(request.id(), new RpcError(RpcError.INTERNAL_ERROR, "mcp-hub is shutting down"));
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            return Response.failure(
                    request.id(),
                    new RpcError(
                            RpcError.INTERNAL_ERROR,
                            "The 2026-07-28 client abandoned the call before answering " + request.method()));
        } finally {
            synchronized (this) {
                outstanding.remove(input.key());
            }
        }
    }

    /** Gives the client's answers to the inputs they name; unknown keys are ignored, as the era asks. */
    synchronized void answer(JsonNode inputResponses) {
        touchedNanos = System.nanoTime();
        if (inputResponses == null || !inputResponses.isObject()) {
            return;
        }
        for (Input input : outstanding.values()) {
            JsonNode answer = inputResponses.get(input.key());
            if (answer != null && answer.isObject()) {
                input.answer().complete(answer);
            }
        }
    }

    /** The server's requests still waiting for an answer, by key. */
    synchronized Map<String, Request> unanswered() {
        Map<String, Request> open = new LinkedHashMap<>();
        outstanding.values().stream()
                .filter(input -> !input.answer().isDone())
                .forEach(input -> open.put(input.key(), input.request()));
        return open;
    }

    /**
     * Waits, for the client's request answered on {@code reply}, until the call is done (its response) or the
     * server asks something (null: the caller answers with the unanswered inputs).
     */
    Response await(Outbound reply, Duration limit) throws InterruptedException {
        current = reply;
        touchedNanos = System.nanoTime();
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            if (done != null) {
                return done;
            }
            if (!unanswered().isEmpty()) {
                return null;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || signals.poll(left, TimeUnit.NANOSECONDS) == null && System.nanoTime() >= deadline) {
                return Response.failure(callId, new RpcError(RpcError.REQUEST_TIMEOUT, "The call took too long"));
            }
        }
    }

    boolean isDone() {
        return done != null;
    }

    long touchedNanos() {
        return touchedNanos;
    }

    /** The client gave up on the call: the server's call is cancelled and its questions fail. */
    void cancel() {
        callSession.cancel(callId);
        synchronized (this) {
            outstanding.values().forEach(input -> input.answer().cancel(false));
        }
    }

    @Override
    public boolean send(JsonRpcMessage message) {
        Outbound to = current;
        return to != null && to.send(message);
    }

    @Override
    public void probe() {
        Outbound to = current;
        if (to != null) {
            to.probe();
        }
    }
}
