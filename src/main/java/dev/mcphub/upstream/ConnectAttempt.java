package dev.mcphub.upstream;

import dev.mcphub.config.ServerSpec;
import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.upstream.Upstream.Outcome;
import dev.mcphub.upstream.UpstreamState.Connected;
import dev.mcphub.upstream.UpstreamState.Disconnected;
import dev.mcphub.upstream.UpstreamState.Unauthorized;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One try at connecting a server, and the wait while it stays connected. */
final class ConnectAttempt {
    private static final Logger log = LoggerFactory.getLogger(Upstream.class);

    private final Upstream upstream;
    private final long run;
    private final int attempt;

    private ConnectAttempt(Upstream upstream, long run, int attempt) {
        this.upstream = upstream;
        this.run = run;
        this.attempt = attempt;
    }

    static Outcome run(Upstream upstream, long run, int attempt) {
        return new ConnectAttempt(upstream, run, attempt).run();
    }

    private Outcome run() {
        ServerSpec spec;
        try {
            spec = upstream.resolveSpec();
        } catch (HubException e) {
            // A placeholder that cannot be resolved will not resolve by waiting: no retry.
            upstream.publish(run, disconnected(e.getMessage(), null, List.of(), null));
            return new Outcome(null, false);
        }
        Connector.Opened opened;
        try {
            opened = Connector.open(
                    upstream.name(),
                    spec,
                    upstream.settings(),
                    upstream.hubEnv(),
                    upstream.handlers(run),
                    upstream.spokeModern());
        } catch (AuthorizationRequired e) {
            upstream.publish(run, new Unauthorized(e.authorizationUrl(), Instant.now()));
            return new Outcome(null, false);
        } catch (ChildExited e) {
            return failed(reason(e.getCause()), e.exitCode(), e.stderrTail());
        } catch (IOException | HubException e) {
            return failed(reason(e), null, List.of());
        }
        upstream.spoke(opened.server().protocolVersion());
        return watch(opened);
    }

    private Outcome watch(Connector.Opened opened) {
        McpConnection connection = opened.connection();
        Set<ListKind> all = Set.of(ListKind.values());
        Capabilities.Listing listing;
        try {
            listing = Handshake.fetch(
                    connection, opened.server(), all, upstream.settings().listTimeout());
        } catch (HubException e) {
            // Interrupted: a stop or restart took over while the lists came in. The child must not outlive it.
            connection.close();
            return new Outcome(null, false);
        }
        Capabilities capabilities = Capabilities.EMPTY.with(listing, all);
        ListRefresher.logNewErrors(upstream.name(), Capabilities.EMPTY, capabilities);
        Instant since = Instant.now();
        Connected connected =
                new Connected(connection.id(), opened.server(), capabilities, opened.transport(), opened.pid(), since);
        if (!upstream.publishConnected(run, connection, connected)) {
            connection.close();
            return new Outcome(null, false);
        }
        upstream.following(
                ModernHandshake.isModern(opened.server().protocolVersion())
                        ? ListFollower.start(upstream, run, connection, opened.server(), listing)
                        : null);
        String reason = awaitClose(connection);
        upstream.following(null);
        if (reason == null || !upstream.isCurrent(run)) {
            connection.close();
            return new Outcome(null, false);
        }
        connection.close();
        boolean stable = Duration.between(since, Instant.now())
                        .compareTo(upstream.settings().stableAfter())
                >= 0;
        Duration delay = upstream.settings().backoff().delay(stable ? 0 : attempt + 1);
        Transport transport = connection.transport();
        Integer exitCode = transport instanceof StdioTransport stdio ? stdio.exitCode() : null;
        List<String> tail = transport instanceof StdioTransport stdio
                ? stdio.stderrTail(StdioTransport.STDERR_LINES_IN_REASON)
                : List.of();
        log.warn("{}: connection lost ({}); reconnecting in {} ms", upstream.name(), reason, delay.toMillis());
        upstream.publish(run, disconnected(reason, exitCode, tail, delay));
        return new Outcome(delay, stable);
    }

    private Outcome failed(String reason, Integer exitCode, List<String> stderrTail) {
        Duration delay = upstream.settings().backoff().delay(attempt);
        log.warn("{}: failed to connect: {}; retrying in {} ms", upstream.name(), reason, delay.toMillis());
        upstream.publish(run, disconnected(reason, exitCode, stderrTail, delay));
        return new Outcome(delay, false);
    }

    private static String awaitClose(McpConnection connection) {
        try {
            return connection.closed().get();
        } catch (InterruptedException e) {
            return null;
        } catch (ExecutionException e) {
            return e.getCause().toString();
        }
    }

    private static Disconnected disconnected(String reason, Integer exitCode, List<String> tail, Duration retry) {
        Instant now = Instant.now();
        return new Disconnected(reason, true, exitCode, tail, retry == null ? null : now.plus(retry), now);
    }

    private String reason(Exception e) {
        if (e instanceof HubException hub && hub.code() == ErrorCode.UPSTREAM_ERROR) {
            // "Server 'x' disconnected: process exited ..." during initialize: say it plainly.
            String prefix = "Server '" + upstream.name() + "' disconnected: ";
            String message = hub.getMessage();
            return message.startsWith(prefix) ? message.substring(prefix.length()) + " (during initialize)" : message;
        }
        return e.getMessage();
    }
}
