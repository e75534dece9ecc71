package dev.mcphub.cli;

import dev.mcphub.cluster.SharedSessions;
import dev.mcphub.config.HubDirs;
import dev.mcphub.config.Placeholders;
import dev.mcphub.hub.EventBus;
import dev.mcphub.hub.Hub;
import dev.mcphub.hub.HubSettings;
import dev.mcphub.json.Json;
import dev.mcphub.mcp.McpSettings;
import dev.mcphub.metrics.HubMetrics;
import dev.mcphub.tracing.Tracing;
import dev.mcphub.upstream.CallObserver;
import dev.mcphub.upstream.RemoteTransports;
import dev.mcphub.upstream.UpstreamSettings;
import dev.mcphub.upstream.oauth.OAuthClients;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * What starting the servers needs, and nothing that serves clients: the bus, the hub, the ways to reach remote
 * servers, and what observes calls. {@link Application} makes it and starts the servers before it makes the
 * {@link Parts} that serve clients (the REST API, {@code /mcp}, the event stream, the dashboard): the servers' own
 * start, the longest part of start → ready, then overlaps the making of those. No I/O here either.
 */
final class Core {
    final EventBus bus = new EventBus();
    final HubDirs dirs;
    final Tracing tracing;
    /** Null with {@code --no-metrics}. Hears the bus from the start, so it counts the servers' first events too. */
    final @Nullable HubMetrics metrics;

    /**
     * What replicas share ({@code --redis}), else {@link SharedSessions#LOCAL}: made here because the servers'
     * OAuth tokens and overrides are shared too, and the servers start before the parts that serve clients.
     */
    final SharedSessions shared;

    /** The API keys and revocations shared with the other replicas, else {@link dev.mcphub.auth.SharedKeys#NONE}. */
    final dev.mcphub.auth.SharedKeys keys;

    final OAuthClients oauth;
    final RemoteTransports remote;
    final Hub hub;

    private final int askedPort;
    private final CompletableFuture<Integer> bound = new CompletableFuture<>();

    Core(Options options, Map<String, String> env, String version) {
        askedPort = options.port;
        dirs = HubDirs.fromEnvironment(env);
        Duration connectTimeout = Duration.ofSeconds(options.connectTimeoutSeconds);
        tracing = Tracing.fromEnvironment(env);
        HubMetrics m = options.noMetrics ? null : new HubMetrics(tracing.enabled());
        metrics = m;
        shared =
                ClusterMode.sessions(options, env, McpSettings.defaults(version).sessionIdleTimeout());
        oauth = new OAuthClients(
                dirs.data().resolve("oauth-storage.json"),
                () -> URI.create("http://localhost:" + boundPort()),
                Duration.ofSeconds(30),
                m == null ? refreshed -> {} : m.oauthRefreshes(),
                ClusterMode.credentials(shared));
        remote = new RemoteTransports(connectTimeout, oauth);
        hub = new Hub(hubSettings(options, env, version, connectTimeout), bus);
        if (shared instanceof dev.mcphub.cluster.RedisSessions redis) {
            hub.share(new dev.mcphub.cluster.RedisOverrides(redis));
            keys = new dev.mcphub.cluster.RedisKeys(redis); // Its channel is heard from the start.
        } else {
            keys = dev.mcphub.auth.SharedKeys.NONE;
        }
        if (m != null) {
            bus.subscribe(m::onEvent);
        }
    }

    /** Called once the HTTP server listens. */
    void bound(int port) {
        bound.complete(port);
    }

    /**
     * The bound port, waiting for the bind when servers ask early: an OAuth redirect URL must name the port
     * the hub really listens on, also with {@code --port 0}.
     */
    int boundPort() {
        try {
            return bound.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return askedPort;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return askedPort;
        }
    }

    private HubSettings hubSettings(Options options, Map<String, String> env, String version, Duration connectTimeout) {
        ObjectNode clientCapabilities = Json.object();
        clientCapabilities.putObject("roots").put("listChanged", true);
        clientCapabilities.putObject("sampling");
        ObjectNode elicitation = clientCapabilities.putObject("elicitation");
        elicitation.putObject("form");
        elicitation.putObject("url");
        UpstreamSettings upstream = new UpstreamSettings(
                connectTimeout,
                Duration.ofSeconds(60),
                UpstreamSettings.backoff(Duration.ofSeconds(1), Duration.ofSeconds(60)),
                Duration.ofSeconds(60),
                clientCapabilities,
                version,
                remote,
                // Tracing first: its span is the parent the server is told about, and ends last.
                CallObserver.both(tracing.calls(), metrics == null ? CallObserver.NONE : metrics.calls()));
        return new HubSettings(
                Duration.ofSeconds(options.readyTimeoutSeconds),
                connectTimeout,
                upstream,
                Placeholders.Context.fromEnvironment(env, Path.of("").toAbsolutePath()),
                env,
                dirs.state().resolve("overrides.json"));
    }
}
