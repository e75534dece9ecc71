package dev.mcphub.hub;

import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * How one call through the hub's door ended: the result or the error, and how long it took. Sizes are
 * measured only when an observer asks, so calls nobody measures cost nothing extra.
 *
 * @param result the server's result; null for a failed call or a notification
 * @param error what the caller was told; null on success
 * @param duration from the door's checks to the answer
 */
public record CallOutcome(JsonNode result, HubException error, Duration duration) {

    /** How a call ended, in the few classes a dashboard or a metric counts. */
    public enum Kind {
        /** A result. */
        OK,
        /** A tool result with {@code isError: true}: the call worked, the tool failed. */
        TOOL_ERROR,
        /** A JSON-RPC error, a broken connection, a refusal, or a server that was not there. */
        ERROR,
        /** No answer in time. */
        TIMEOUT,
        /** The client cancelled it (the hub gave up waiting on the client's behalf). */
        CANCELLED
    }

    /** The outcome's class: a tool's {@code isError} result is a TOOL_ERROR, a timeout and a cancel are their own. */
    public Kind kind() {
        if (error == null) {
            return result != null && result.path("isError").asBoolean(false) ? Kind.TOOL_ERROR : Kind.OK;
        }
        return switch (error.code()) {
            case UPSTREAM_TIMEOUT -> Kind.TIMEOUT;
            case UNAVAILABLE -> Kind.CANCELLED;
            default -> Kind.ERROR;
        };
    }

    public boolean succeeded() {
        return error == null;
    }

    /** "ok", or the error's code (SERVER_NOT_CONNECTED, UPSTREAM_TIMEOUT, ...). */
    public String outcome() {
        return error == null ? "ok" : error.code().name();
    }

    /** The size of the call's params as sent, in bytes of JSON (0 for none). */
    public static long bytesOf(JsonNode node) {
        return node == null ? 0 : Json.MAPPER.writeValueAsBytes(node).length;
    }

    /** The size of the result, in bytes of JSON (0 for none). */
    public long resultBytes() {
        return bytesOf(result);
    }
}
