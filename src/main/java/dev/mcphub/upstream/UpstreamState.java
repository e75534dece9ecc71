package dev.mcphub.upstream;

import java.time.Instant;
import java.util.List;

/**
 * The state of one server. Each state carries only what is true in it; the supervisor ({@link Upstream})
 * is the only writer.
 */
public sealed interface UpstreamState {

    /** The reference's status value: connected, connecting, disconnected, unauthorized or disabled. */
    String status();

    /** Not started because the config or the API disabled it. */
    record Disabled(Instant since) implements UpstreamState {
        @Override
        public String status() {
            return "disabled";
        }
    }

    /** Starting the transport and initializing; {@code attempt} counts tries since the last success. */
    record Connecting(Instant since, int attempt) implements UpstreamState {
        @Override
        public String status() {
            return "connecting";
        }
    }

    /**
     * Initialized, with the complete lists. {@code transport} is stdio, streamable-http or sse. {@code
     * connectionId} tells one connection from the next (a reconnect gets a new one); the live connection stays
     * with the supervisor, so no reader of a snapshot can reach the server around the hub.
     */
    record Connected(
            long connectionId,
            InitializeResult server,
            Capabilities capabilities,
            String transport,
            long pid,
            Instant since)
            implements UpstreamState {
        @Override
        public String status() {
            return "connected";
        }

        public Connected withCapabilities(Capabilities updated) {
            return new Connected(connectionId, server, updated, transport, pid, since);
        }
    }

    /** The server wants OAuth authorization first; the user opens {@code authorizationUrl}. */
    record Unauthorized(String authorizationUrl, Instant since) implements UpstreamState {
        @Override
        public String status() {
            return "unauthorized";
        }
    }

    /**
     * Not connected: stopped through the API, failed to connect, or lost. {@code nextRetry} is when the
     * supervisor tries again, null when it will not (stopped, or a config error that a retry cannot fix).
     *
     * @param failed whether this is a failure (shown as the status's error) rather than a stop
     * @param exitCode the child's exit code when it exited, else null
     * @param stderrTail the child's last stderr lines, oldest first
     */
    record Disconnected(
            String reason, boolean failed, Integer exitCode, List<String> stderrTail, Instant nextRetry, Instant since)
            implements UpstreamState {
        public Disconnected {
            stderrTail = List.copyOf(stderrTail);
        }

        /** A deliberate stop: not an error. */
        public static Disconnected stopped(String reason) {
            return new Disconnected(reason, false, null, List.of(), null, Instant.now());
        }

        @Override
        public String status() {
            return "disconnected";
        }
    }
}
