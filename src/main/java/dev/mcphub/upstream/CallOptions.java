package dev.mcphub.upstream;

import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * How one request to a server is made.
 *
 * @param timeout how long to wait for the answer, counted again from each progress notification when
 *     {@code progress} is set
 * @param maxTotal the most the request may take in all, progress or not
 * @param progress receives the server's progress notifications for this request, with the caller's own
 *     progress token; null when nobody listens
 * @param origin the client call that a server-initiated request during this one belongs to (sampling or
 *     elicitation during a tool call); null for none
 */
public record CallOptions(Duration timeout, Duration maxTotal, ProgressSink progress, CallOrigin origin) {

    /** Receives progress notifications for one request. Must not block. */
    @FunctionalInterface
    public interface ProgressSink {
        void progress(JsonNode params);
    }

    public static CallOptions timeout(Duration timeout) {
        return new CallOptions(timeout, timeout, null, null);
    }
}
