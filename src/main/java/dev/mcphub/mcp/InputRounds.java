package dev.mcphub.mcp;

import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpcMessage.Request;
import dev.mcphub.jsonrpc.JsonRpcMessage.Response;
import dev.mcphub.jsonrpc.RpcError;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Multi Round-Trip Requests for 2025-era servers: while a modern client's {@code tools/call}, {@code prompts/get}
 * or {@code resources/read} runs at a server that asks the client something (sampling, elicitation, roots), the
 * client gets an {@code InputRequiredResult} whose {@code inputRequests} are the server's requests, and its retry's
 * {@code inputResponses} become the server's answers, while the server's call goes on. The {@code requestState}
 * is opaque to the client and integrity-protected (HMAC-SHA256 with a key only this hub process holds) over the
 * parked call, an expiry, and what the request was (method, scope, name or URI, arguments), so it cannot be forged,
 * replayed on another request, or used after it lapsed.
 */
final class InputRounds {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    /** Marks the hub's own states; any other requestState is a 2026-era server's, passed through to it. */
    private static final String PREFIX = "mcphub1.";

    private final McpSettings settings;
    private final byte[] key = new byte[32];
    private final Map<String, PendingCall> parked = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    InputRounds(McpSettings settings) {
        this.settings = settings;
        new SecureRandom().nextBytes(key);
    }

    /**
     * Answers a request that may need the client's input: a fresh call runs {@code call} (given the outbound for its
     * progress); a retry carrying {@code requestState} resumes the call it names.
     */
    Response answer(
            McpSession session,
            Envelope envelope,
            Request request,
            String caller,
            Outbound reply,
            Function<PendingCall, Response> call) {
        String own = Json.string(request.params(), "requestState");
        String state = own != null && own.startsWith(PREFIX) ? own.substring(PREFIX.length()) : null;
        PendingCall pending;
        if (state != null) {
            pending = verified(state, binding(session.scope, request, caller).get());
            if (pending == null) {
                return Response.failure(
                        request.id(),
                        RpcErrors.invalidParams(
                                "Invalid requestState: it does not verify for this request, has expired, or its call is "
                                        + "over; send the request again without it"));
            }
            pending.answer(request.params().get("inputResponses"));
        } else {
            McpSession callSession = StatelessDispatcher.sessionFor(session.scope, envelope, session.access());
            if (!mayBeAsked(callSession)) {
                return inline(session, request, reply, callSession, call, binding(session.scope, request, caller));
            }
            pending = new PendingCall(
                    // Unique is enough: the requestState that names a parked call is MAC-protected.
                    Long.toString(ids.incrementAndGet()),
                    binding(session.scope, request, caller),
                    callSession,
                    request.id());
            PendingCall started = pending;
            pending.start(outbound -> call.apply(started));
        }
        session.started(request.id(), Thread.currentThread(), reply);
        try {
            Response done = pending.await(reply, settings.maxCallTime());
            if (done != null) {
                parked.remove(pending.id);
                return new Response(request.id(), done.result(), done.error());
            }
            parked.put(pending.id, pending);
            return Response.success(request.id(), inputRequired(pending));
        } catch (InterruptedException e) {
            // The client's request went away (a closed stream cancels in this era): so does the server's call.
            parked.remove(pending.id);
            pending.cancel();
            return Response.failure(request.id(), new RpcError(RpcError.INTERNAL_ERROR, "Cancelled"));
        } finally {
            session.finished(request.id());
            Thread.interrupted();
        }
    }

    /**
     * Whether a server could ask this call's client anything: only what the client declared (sampling,
     * elicitation, roots) is ever passed to it (see ServerRequestForwarder). A client that declared none never gets
     * an InputRequiredResult, so its call needs no thread of its own to go on while the client answers.
     */
    private static boolean mayBeAsked(McpSession callSession) {
        return callSession.declared("sampling", null)
                || callSession.declared("elicitation", null)
                || callSession.declared("roots", null);
    }

    /**
     * Runs a call that cannot be asked for input on the request's own thread: no hand-off to a call thread and back,
     * which made the stateless path about two thread wake-ups dearer per call than a session's. Cancelling (the
     * client's stream closing) interrupts this thread, which cancels the call at the server, as before.
     */
    private static Response inline(
            McpSession session,
            Request request,
            Outbound reply,
            McpSession callSession,
            Function<PendingCall, Response> call,
            Supplier<String> binding) {
        PendingCall pending = new PendingCall("inline", binding, callSession, request.id());
        pending.attach(reply);
        session.started(request.id(), Thread.currentThread(), reply);
        try {
            Response done = call.apply(pending);
            return new Response(request.id(), done.result(), done.error());
        } catch (RuntimeException e) {
            return Response.failure(request.id(), new RpcError(RpcError.INTERNAL_ERROR, e.getMessage()));
        } finally {
            session.finished(request.id());
            Thread.interrupted();
        }
    }

    private ObjectNode inputRequired(PendingCall pending) {
        ObjectNode result = Json.object().put("resultType", "input_required");
        ObjectNode requests = result.putObject("inputRequests");
        pending.unanswered().forEach((key, request) -> {
            ObjectNode entry = requests.putObject(key).put("method", request.method());
            entry.set("params", request.params() == null ? Json.object() : request.params());
        });
        result.put("requestState", token(pending));
        return result;
    }

    /** Forgets parked calls their clients abandoned (no retry for longer than a client may take to answer). */
    void sweep() {
        long limit = settings.clientRequestTimeout().toNanos();
        parked.values().removeIf(pending -> {
            boolean stale = System.nanoTime() - pending.touchedNanos() > limit;
            if (stale) {
                pending.cancel();
            }
            return stale;
        });
    }

    // --- requestState -----------------------------------------------------------------------------------------

    private String token(PendingCall pending) {
        long expiry =
                System.currentTimeMillis() + settings.clientRequestTimeout().toMillis();
        String payload = pending.id + "." + expiry;
        return PREFIX
                + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(mac(payload, pending.binding()));
    }

    private PendingCall verified(String token, String binding) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            byte[] given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(given, mac(payload, binding))) {
                return null;
            }
            int split = payload.lastIndexOf('.');
            if (Long.parseLong(payload.substring(split + 1)) < System.currentTimeMillis()) {
                return null;
            }
            PendingCall pending = parked.get(payload.substring(0, split));
            return pending != null && pending.binding().equals(binding) ? pending : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private byte[] mac(String payload, String binding) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(payload.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(binding.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * What the original request was and who sent it: a retry must be the same request (method, scope, target,
     * arguments) from the same caller (the credentials it presented to the hub, e.g. its Authorization header).
     */
    private static Supplier<String> binding(Scope scope, Request request, String caller) {
        // Read now: routing rewrites params.name to the server's own spelling while the call runs.
        JsonNode params = request.params();
        String method = request.method();
        String target = params.has("uri") ? Json.string(params, "uri") : Json.string(params, "name");
        JsonNode arguments = params.get("arguments");
        return () -> binding(method, scope, target, arguments, caller);
    }

    private static String binding(String method, Scope scope, String target, JsonNode arguments, String caller) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256")
                    .digest(Json.bytes(arguments == null ? Json.object() : arguments));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        return method + "\n" + scope + "\n" + target + "\n" + B64.encodeToString(digest) + "\n"
                + (caller == null ? "" : caller);
    }
}
