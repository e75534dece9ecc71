package dev.mcphub.upstream;

import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/**
 * How every upstream is connected and supervised.
 *
 * @param connectTimeout how long a server may take to start and answer initialize (first-time {@code npx}
 *     installs are slow, hence minutes)
 * @param listTimeout how long each list request may take
 * @param backoff delays between reconnect attempts
 * @param stableAfter a connection that lasted this long resets the backoff
 * @param clientCapabilities what the hub tells servers it can do (sampling, elicitation, roots are
 *     forwarded to the hub's own clients)
 * @param remote the HTTP client and OAuth used for remote servers
 * @param observer watches every request to a server and every change of state (metrics, traces)
 */
public record UpstreamSettings(
        Duration connectTimeout,
        Duration listTimeout,
        Backoff backoff,
        Duration stableAfter,
        ObjectNode clientCapabilities,
        String clientVersion,
        RemoteTransports remote,
        CallObserver observer) {

    public UpstreamSettings {
        observer = observer == null ? CallObserver.NONE : observer;
    }

    public static Backoff backoff(Duration min, Duration max) {
        return new Backoff(min, max);
    }
}
