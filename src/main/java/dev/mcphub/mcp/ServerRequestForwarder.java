package dev.mcphub.mcp;

import dev.mcphub.hub.ServerRequests;
import dev.mcphub.jsonrpc.JsonRpcMessage.Request;
import dev.mcphub.jsonrpc.JsonRpcMessage.Response;
import dev.mcphub.jsonrpc.RpcError;
import dev.mcphub.upstream.CallOrigin;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Passes a server's own requests (sampling, elicitation, roots) to the client whose call is in flight on
 * that server, when that client declared the capability; the client's answer goes back to the server.
 * With no such client the server gets a JSON-RPC error that says why.
 */
final class ServerRequestForwarder implements ServerRequests {
    private final Sessions sessions;
    private final McpSettings settings;

    ServerRequestForwarder(Sessions sessions, McpSettings settings) {
        this.sessions = sessions;
        this.settings = settings;
    }

    @Override
    public Response handle(String server, Request request, List<CallOrigin> origins) {
        String capability = capability(request.method());
        if (capability == null) {
            return error(request, RpcError.METHOD_NOT_FOUND, "mcp-hub does not forward " + request.method());
        }
        String mode = mode(request);
        if (ofSeveralCallers(origins)) {
            return error(
                    request,
                    RpcError.INVALID_REQUEST,
                    "mcp-hub cannot tell whose call " + request.method() + " from server '" + server
                            + "' belongs to: calls of several callers are in flight on it and the request does not"
                            + " name one; it is asked of nobody rather than of the wrong caller");
        }
        for (CallOrigin origin : origins) {
            if (origin instanceof CallContext call
                    && Eras.isModern(call.session().protocolVersion())) {
                // A 2026-07-28 client has no server-to-client requests: the request travels as an input request
                // of a Multi Round-Trip answer to its call (see InputRounds), when it declared the capability.
                if (call.related() instanceof PendingCall pending && origin.accepts(server, capability, mode)) {
                    return pending.ask(request, call.timeout());
                }
                return error(
                        request,
                        RpcError.METHOD_NOT_FOUND,
                        "mcp-hub cannot pass " + request.method() + " from server '" + server
                                + "' (2025 era) to the " + call.session().protocolVersion() + " client of this call: "
                                + "it did not declare " + capability + (mode == null ? "" : " (" + mode + " mode)")
                                + " in its clientCapabilities");
            }
            if (origin.accepts(server, capability, mode)) {
                return origin.ask(request);
            }
        }
        if (capability.equals("roots")) {
            // Roots belong to a session, not a call. Ask the client that spoke last among those that can be
            // reached: typically the one that just announced a change of its roots. Sessions of clients that
            // vanished linger for a while and must not be asked.
            McpSession latest = sessions.all().stream()
                    .filter(session -> session.reachable() && eligible(session, server, capability, null))
                    .max(Comparator.comparingLong(McpSession::lastActivityNanos))
                    .orElse(null);
            if (latest != null) {
                return ask(latest, latest, request, settings.clientRequestTimeout());
            }
        }
        return error(
                request,
                RpcError.METHOD_NOT_FOUND,
                "mcp-hub has no connected client that supports " + capability
                        + (mode == null ? "" : " (" + mode + " mode)") + " waiting on server '" + server
                        + "' (" + request.method() + ")");
    }

    static Response ask(McpSession session, Outbound via, Request request, Duration timeout) {
        long id = session.nextHubRequestId();
        CompletableFuture<Response> answer = session.awaitClient(id);
        try {
            JsonNode hubId = dev.mcphub.json.Json.MAPPER.getNodeFactory().numberNode(id);
            if (!via.send(new Request(hubId, request.method(), request.params()))
                    && !session.deliver(new Request(hubId, request.method(), request.params()))) {
                return error(
                        request, RpcError.INTERNAL_ERROR, "mcp-hub could not reach the client for " + request.method());
            }
            Response response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Response(request.id(), response.result(), response.error());
        } catch (TimeoutException e) {
            return error(
                    request, RpcError.REQUEST_TIMEOUT, "The client did not answer " + request.method() + " in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(request, RpcError.INTERNAL_ERROR, "mcp-hub is shutting down");
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            return error(request, RpcError.INTERNAL_ERROR, "The client's session ended before it answered");
        } finally {
            session.forget(id);
        }
    }

    /**
     * Whether the calls a server's request may belong to were made by more than one caller (key, token subject;
     * every client of a hub without authentication is the one caller {@code local}). A stdio server's request names
     * no call, and the newest-first guess is fine among one caller's own sessions, but across callers it would show
     * one caller's sampling prompt or elicitation to another.
     */
    private static boolean ofSeveralCallers(List<CallOrigin> origins) {
        return origins.size() > 1
                && origins.stream()
                                .map(origin -> origin instanceof CallContext call
                                        ? call.session().access().who()
                                        : origin)
                                .distinct()
                                .count()
                        > 1;
    }

    static boolean eligible(McpSession session, String server, String capability, @Nullable String mode) {
        return !session.isClosed() && session.sees(server) && session.declared(capability, mode);
    }

    private static String capability(String method) {
        return switch (method) {
            case "sampling/createMessage" -> "sampling";
            case "elicitation/create" -> "elicitation";
            case "roots/list" -> "roots";
            default -> null;
        };
    }

    private static String mode(Request request) {
        if (!"elicitation/create".equals(request.method())) {
            return null;
        }
        String mode = request.params() == null ? null : dev.mcphub.json.Json.string(request.params(), "mode");
        return mode == null ? "form" : mode;
    }

    private static Response error(Request request, int code, String message) {
        return Response.failure(request.id(), new RpcError(code, message));
    }
}
