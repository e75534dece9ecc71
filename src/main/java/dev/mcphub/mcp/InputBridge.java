package dev.mcphub.mcp;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpcMessage.Request;
import dev.mcphub.jsonrpc.JsonRpcMessage.Response;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The other way across the eras: a 2026-era server answers a 2025-era client's call with an {@code
 * InputRequiredResult}. Each of its input requests (sampling, elicitation, roots) goes to the client as an ordinary
 * server-to-client request on the stream of its call (or its session's stream), and the hub retries the call at the
 * server with the answers as {@code inputResponses} and the server's {@code requestState}, round after round, until
 * the server completes. A client that did not declare a capability the server asks for gets an error naming it.
 */
final class InputBridge {
    /** Rounds before the hub gives up on a server that keeps asking. */
    static final int MAX_ROUNDS = 16;

    private final McpSettings settings;

    InputBridge(McpSettings settings) {
        this.settings = settings;
    }

    /**
     * The final result of a call whose first answer was {@code result}; {@code retry} sends the call again with
     * extra params (inputResponses, requestState) and returns the server's next answer.
     */
    JsonNode fulfil(
            McpSession session,
            Outbound related,
            String server,
            JsonNode result,
            Function<ObjectNode, JsonNode> retry) {
        JsonNode current = result;
        for (int round = 0; round < MAX_ROUNDS && isInputRequired(current); round++) {
            ObjectNode extra = Json.object();
            ObjectNode answers = extra.putObject("inputResponses");
            JsonNode requests = current.path("inputRequests");
            for (Map.Entry<String, JsonNode> entry : requests.properties()) {
                answers.set(entry.getKey(), ask(session, related, server, entry.getValue()));
            }
            String state = Json.string(current, "requestState");
            if (state != null) {
                extra.put("requestState", state);
            }
            current = retry.apply(extra);
        }
        if (isInputRequired(current)) {
            throw new HubException(
                    ErrorCode.UPSTREAM_ERROR,
                    "Server '" + server + "' still asked for input after " + MAX_ROUNDS + " rounds",
                    Map.of("server", server));
        }
        return current;
    }

    static boolean isInputRequired(JsonNode result) {
        return "input_required".equals(Json.string(result, "resultType"));
    }

    private @Nullable JsonNode ask(McpSession session, Outbound related, String server, JsonNode inputRequest) {
        String method = Json.string(inputRequest, "method");
        String capability = method == null
                ? null
                : switch (method) {
                    case "sampling/createMessage" -> "sampling";
                    case "elicitation/create" -> "elicitation";
                    case "roots/list" -> "roots";
                    default -> null;
                };
        JsonNode params = inputRequest.get("params");
        String mode = "elicitation".equals(capability) ? modeOf(params) : null;
        if (method == null || capability == null || !session.declared(capability, mode)) {
            throw new HubException(
                    ErrorCode.UPSTREAM_ERROR,
                    "Server '" + server + "' (2026-07-28 era) needs "
                            + (capability == null
                                    ? String.valueOf(method)
                                    : capability + (mode == null ? "" : " (" + mode + " mode)"))
                            + " from the client, which this " + session.protocolVersion()
                            + " client did not declare",
                    Map.of("server", server, "feature", String.valueOf(method)));
        }
        long id = session.nextHubRequestId();
        CompletableFuture<Response> answer = session.awaitClient(id);
        try {
            Request request = new Request(Json.MAPPER.getNodeFactory().numberNode(id), method, params);
            Outbound via = related != null ? related : session;
            if (!via.send(request) && !session.send(request)) {
                throw unavailable(server, "mcp-hub could not reach the client for " + method);
            }
            Response response = answer.get(settings.clientRequestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (response.error() != null) {
                throw unavailable(
                        server,
                        "the client refused " + method + ": " + response.error().message());
            }
            return response.result();
        } catch (TimeoutException e) {
            throw unavailable(server, "the client did not answer " + method + " in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException(ErrorCode.UNAVAILABLE, "Request to server '" + server + "' was cancelled");
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            throw unavailable(server, "the client's session ended before it answered " + method);
        } finally {
            session.forget(id);
        }
    }

    private static String modeOf(JsonNode params) {
        String mode = params == null ? null : Json.string(params, "mode");
        return mode == null ? "form" : mode;
    }

    private static HubException unavailable(String server, String why) {
        return new HubException(
                ErrorCode.UPSTREAM_ERROR, "Server '" + server + "' asked for input: " + why, Map.of("server", server));
    }
}
