package dev.mcphub.mcp;

import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpcMessage;
import dev.mcphub.jsonrpc.RpcError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What a client learns when the stream of its call broke before the answer, in a cluster: most often the replica
 * serving the call died. The call's stream begins with an empty event whose id names the call (the "priming event"
 * of MCP's resumability), so the TypeScript SDK and other spec-following clients reconnect with a GET carrying
 * {@code Last-Event-ID}; whichever replica that GET reaches answers the call with a JSON-RPC error that says it was
 * lost and may be retried, instead of the client waiting until its own timeout. A replica cannot replay the answer:
 * the call ran (or was cancelled when its stream broke) where it began.
 */
final class Resumption {
    private static final String PREFIX = "call.";
    /** The id of the error's own event: a later reconnection with it is an ordinary GET. */
    private static final String ANSWERED = "answered";

    private Resumption() {}

    /** The priming event's id for the call {@code requestId}. */
    static String idFor(JsonNode requestId) {
        return PREFIX
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(Json.text(requestId).getBytes(StandardCharsets.UTF_8));
    }

    /** An empty event that carries only an id: the client stores it and may resume from it. */
    static byte[] priming(String id) {
        return ("id: " + id + "\ndata: \n\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The id of the call whose stream broke, from a GET's {@code Last-Event-ID}; null when it names none. */
    static @Nullable JsonNode lostCall(@Nullable String lastEventId) {
        if (lastEventId == null || !lastEventId.startsWith(PREFIX)) {
            return null;
        }
        try {
            JsonNode id = Json.parse(new String(
                    Base64.getUrlDecoder().decode(lastEventId.substring(PREFIX.length())), StandardCharsets.UTF_8));
            return id.isString() || id.isIntegralNumber() ? id : null;
        } catch (RuntimeException e) {
            return null; // Not an id this hub made: an ordinary GET.
        }
    }

    /** The lost call's answer, as an SSE event the client reads on its resumed stream. */
    static byte[] answer(JsonNode requestId) {
        JsonRpcMessage.Response error = JsonRpcMessage.Response.failure(requestId, lost());
        return concat(("id: " + ANSWERED + "\n").getBytes(StandardCharsets.US_ASCII), Frames.message(error));
    }

    static RpcError lost() {
        return new RpcError(
                RpcError.SERVER_ERROR,
                "The call was interrupted before its answer (the hub replica serving it stopped, or the connection"
                        + " broke); the session continues and the call may be retried",
                Json.object().put("retryable", true).put("reason", "interrupted"));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
