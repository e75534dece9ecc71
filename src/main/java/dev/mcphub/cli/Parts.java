package dev.mcphub.cli;

import dev.mcphub.api.HealthSources;
import dev.mcphub.api.RestApi;
import dev.mcphub.audit.AuditTrail;
import dev.mcphub.auth.AuthSettings;
import dev.mcphub.auth.Door;
import dev.mcphub.cluster.SharedSessions;
import dev.mcphub.config.ConfigEditor;
import dev.mcphub.config.ConfigLoader;
import dev.mcphub.config.HubDirs;
import dev.mcphub.dashboard.DashboardAssets;
import dev.mcphub.events.EventStream;
import dev.mcphub.http.CsrfToken;
import dev.mcphub.http.OriginGuard;
import dev.mcphub.hub.EventBus;
import dev.mcphub.hub.Hub;
import dev.mcphub.marketplace.Marketplace;
import dev.mcphub.marketplace.MarketplaceSettings;
import dev.mcphub.mcp.McpEndpoint;
import dev.mcphub.mcp.McpSettings;
import dev.mcphub.metrics.HubMetrics;
import dev.mcphub.metrics.MetricsEndpoint;
import dev.mcphub.metrics.MetricsSources;
import dev.mcphub.profiles.Profiles;
import dev.mcphub.tracing.Tracing;
import dev.mcphub.upstream.RemoteTransports;
import dev.mcphub.upstream.oauth.OAuthClients;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The hub's parts, made and connected to each other without any I/O: what listens to what, who asks whom.
 * {@link Application} starts and stops them in order. Those that start servers come from {@link Core}, made and
 * started first; the rest, what serves clients, is made here while the servers start.
 */
final class Parts {
    final EventBus bus;
    final HubDirs dirs;
    final OAuthClients oauth;
    final RemoteTransports remote;
    final Hub hub;
    final McpEndpoint mcp;
    final EventStream events;
    final Marketplace marketplace;
    final Workspaces workspaces;
    final AutoShutdown autoShutdown;
    final AuditTrail audit;
    final Door door;
    final Tracing tracing;
    /** Sessions shared with other replicas ({@code --redis}), else {@link SharedSessions#LOCAL}. */
    final SharedSessions shared;
    /** Null with {@code --no-metrics}. */
    final HubMetrics metrics;

    private final Core core;
    private final Options options;
    private final HttpRoutes routes;
    private HttpServer http;

    Parts(Core core, Options options, List<Path> files, Map<String, String> env, String version, Control control) {
        this.core = core;
        this.options = options;
        bus = core.bus;
        dirs = core.dirs;
        tracing = core.tracing;
        metrics = core.metrics;
        oauth = core.oauth;
        remote = core.remote;
        hub = core.hub;
        AuthSettings authSettings = options.auth.settings(dirs, env);
        audit = new AuditTrail(dirs.state().resolve("audit"), this::auditing, options.auth.auditPayloads);
        door = new Door(
                authSettings,
                this::resource,
                (address, path, reason, suppressed) ->
                        audit.record(dev.mcphub.audit.AuditEntry.failedSignIn(address, path, reason, suppressed)),
                java.net.http.HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                        .build(),
                java.time.Clock.systemUTC());
        door.shareKeys(core.keys);
        if (core.shared instanceof dev.mcphub.cluster.RedisSessions redis) {
            dev.mcphub.cluster.RedisAudit cluster = new dev.mcphub.cluster.RedisAudit(redis, 100_000);
            cluster.start(); // Redis started before the parts were made; the trail closes it.
            audit.share(cluster);
        }
        Profiles profiles = new Profiles(hub);
        McpSettings mcpSettings = McpSettings.defaults(version).withMaxSessions(options.auth.maxSessions);
        shared = core.shared;
        mcp = new McpEndpoint(hub, mcpSettings, profiles, tracing, audit)
                .cluster(shared, mcpSettings.sessionIdleTimeout());
        events = new EventStream(
                ProcessHandle.current().pid(),
                this::port,
                () -> hub.snapshot().state(),
                Duration.ofMillis(options.heartbeatMillis),
                1_000,
                1_000);
        if (shared instanceof dev.mcphub.cluster.RedisSessions redis) {
            events.cluster(new dev.mcphub.cluster.RedisEvents(redis, 1_000));
        }
        bus.subscribe(events::publish);
        if (metrics != null) {
            metrics.bind(metricsSources());
        }
        marketplace = new Marketplace(
                MarketplaceSettings.from(
                        dirs, env, options.marketplaceUrl, options.githubRawUrl, options.noMarketplace),
                env,
                warning -> {}, // Its warnings are logged, and so reach SSE clients through the log bridge.
                metrics == null ? fetched -> {} : metrics.marketplaceFetches());
        if (shared instanceof dev.mcphub.cluster.RedisSessions redis) {
            marketplace.share(new dev.mcphub.cluster.RedisCatalogue(redis));
        }
        RestApi api = new RestApi(hub, version, health(), () -> ConfigLoader.load(files), control::hardRestart)
                .audit(audit)
                .marketplace(marketplace)
                .profiles(profiles)
                .oauth(oauth, SystemBrowser.choose(options.noBrowser, env))
                .dashboard(new CsrfToken(), new ConfigEditor(files), options.watch, health());
        List<String> origins = new java.util.ArrayList<>(options.allowedOrigins);
        if (options.auth.resource != null) {
            // Pages the hub serves at its public URL (the dashboard) are of that origin.
            URI r = options.auth.resource;
            origins.add(r.getScheme() + "://" + r.getRawAuthority());
        }
        OriginGuard guard = new OriginGuard(dev.mcphub.auth.Policy.loopback(options.host), origins);
        MetricsEndpoint metricsEndpoint = metrics == null
                ? null
                : new MetricsEndpoint(
                        metrics, request -> dev.mcphub.auth.Access.of(request).allows(dev.mcphub.auth.Permission.READ));
        routes = new HttpRoutes(
                        guard,
                        door,
                        api,
                        events,
                        mcp,
                        new DashboardAssets(),
                        metricsEndpoint,
                        new RequestSpans(tracing))
                .probes(new Probes(() -> hub.snapshot().state(), shared, control::draining));
        workspaces = new Workspaces(dirs, bus);
        events.onConnectionCount(workspaces::connections);
        autoShutdown = options.autoShutdown
                ? new AutoShutdown(Duration.ofMillis(options.shutdownDelayMillis), workspaces, control::shutdown)
                : null;
        if (autoShutdown != null) {
            events.onConnectionCount(autoShutdown);
        }
    }

    /** The audit trail is kept with {@code --audit}, and whenever the door asks for credentials. */
    private boolean auditing() {
        return options.auth.audit || door.enabled();
    }

    /** The requests being answered, for the drain. */
    InFlight inFlight() {
        return routes.inFlight();
    }

    /** What the parts may ask of the application. */
    interface Control {
        void shutdown();

        /** Whether the hub is stopping: it is no longer ready for new work. */
        boolean draining();

        void hardRestart();
    }

    /**
     * Makes and starts the HTTP server. It comes after the servers were started: loading Jetty takes a
     * moment the servers' own start-up can use.
     */
    void listen() throws java.io.IOException {
        dev.mcphub.http.Exchange.limitBodies(options.auth.maxBodyBytes);
        http = new HttpServer(options.host, options.port, options.auth.maxHeaderBytes, routes);
        http.start();
        core.bound(http.port());
    }

    /**
     * The hub's canonical resource URL: {@code --auth-resource}, else {@code http://HOST:PORT} with the bound
     * port. One resource for every door (/mcp, /servers/NAME/mcp, /api): clients check that it is a prefix of
     * the endpoint they connect to.
     */
    URI resource() {
        if (options.auth.resource != null) {
            return options.auth.resource;
        }
        String host = options.host.contains(":") ? "[" + options.host + "]" : options.host;
        return URI.create("http://" + host + ":" + core.boundPort());
    }

    /** The HTTP server once {@link #listen()} has made it, else null. */
    HttpServer http() {
        return http;
    }

    /** The port clients reach the hub on: the bound one, or the asked-for one until it is bound. */
    int port() {
        HttpServer server = http;
        int bound = server == null ? -1 : server.port();
        return bound > 0 ? bound : options.port;
    }

    private MetricsSources metricsSources() {
        return new MetricsSources() {
            @Override
            public dev.mcphub.hub.HubSnapshot snapshot() {
                return hub.snapshot();
            }

            @Override
            public Map<List<String>, Integer> mcpSessions() {
                return mcp.sessionCounts();
            }

            @Override
            public int sseSubscribers() {
                return events.connections();
            }

            @Override
            public long eventsPublished() {
                return events.published();
            }

            @Override
            public long eventsDropped() {
                return events.dropped();
            }
        };
    }

    private HealthSources health() {
        return new HealthSources() {
            @Override
            public int eventClients() {
                return events.connections();
            }

            @Override
            public List<EventClient> eventConnections() {
                return events.clients().stream()
                        .map(c -> new EventClient(c.id(), c.connected(), c.connectedAt(), c.lastEventAt()))
                        .toList();
            }

            @Override
            public int mcpClients() {
                return mcp.clientCount();
            }

            @Override
            public String currentWorkspace() {
                return workspaces.current();
            }

            @Override
            public JsonNode allWorkspaces() {
                return workspaces.all();
            }
        };
    }
}
