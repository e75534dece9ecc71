package dev.mcphub.cli;

import dev.mcphub.api.HealthSources;
import dev.mcphub.api.RestApi;
import dev.mcphub.config.ConfigLoader;
import dev.mcphub.config.HubConfig;
import dev.mcphub.config.HubDirs;
import dev.mcphub.config.Placeholders;
import dev.mcphub.error.HubException;
import dev.mcphub.events.EventStream;
import dev.mcphub.http.OriginGuard;
import dev.mcphub.hub.EventBus;
import dev.mcphub.hub.Hub;
import dev.mcphub.hub.HubSettings;
import dev.mcphub.json.Json;
import dev.mcphub.marketplace.Marketplace;
import dev.mcphub.marketplace.MarketplaceSettings;
import dev.mcphub.mcp.McpEndpoint;
import dev.mcphub.mcp.McpSettings;
import dev.mcphub.upstream.RemoteTransports;
import dev.mcphub.upstream.UpstreamSettings;
import dev.mcphub.upstream.oauth.OAuthClients;
import dev.mcphub.workspace.LogFile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The hub's parts wired together, in start order, and their orderly end. */
final class Application {
    private static final Logger log = LoggerFactory.getLogger(Application.class);

    private final Options options;
    private final List<Path> files;
    private final String version = Version.current();
    private final EventBus bus = new EventBus();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private RemoteTransports remote;
    private OAuthClients oauth;
    private Hub hub;
    private EventStream events;
    private McpEndpoint mcp;
    private Marketplace marketplace;
    private HttpServer http;
    private LogFile logFile;
    private Workspaces workspaces;
    private AutoShutdown autoShutdown;
    private LiveConfig live;

    private Application(Options options, List<Path> files) {
        this.options = options;
        this.files = files;
    }

    static int run(Options options) {
        LogBridge.level(options.logLevel);
        Map<String, String> env = System.getenv();
        List<Path> files = ConfigFiles.choose(options.configs, env);
        HubConfig config;
        try {
            config = ConfigLoader.load(files);
        } catch (HubException e) {
            System.err.println("mcp-hub: " + e.getMessage());
            return 1;
        }
        files.stream().filter(f -> !Files.exists(f)).forEach(f -> log.warn("config file {} does not exist", f));
        Application app = new Application(options, files);
        try {
            app.start(config, env);
        } catch (IOException e) {
            System.err.println("mcp-hub: cannot listen on " + e.getMessage());
            app.shutdown();
            return 1;
        }
        return app.awaitStop();
    }

    private void start(HubConfig config, Map<String, String> env) throws IOException {
        Duration connectTimeout = Duration.ofSeconds(options.connectTimeoutSeconds);
        HubDirs dirs = HubDirs.fromEnvironment(env);
        attachLogFile(dirs);
        oauth = new OAuthClients(
                dirs.data().resolve("oauth-storage.json"),
                () -> URI.create("http://localhost:" + http.port()),
                Duration.ofSeconds(30));
        remote = new RemoteTransports(connectTimeout, oauth);
        hub = new Hub(hubSettings(env, dirs, connectTimeout), bus);
        mcp = new McpEndpoint(hub, McpSettings.defaults(version));
        events = new EventStream(
                ProcessHandle.current().pid(),
                () -> http.port(),
                () -> hub.snapshot().state(),
                Duration.ofMillis(options.heartbeatMillis),
                1_000,
                1_000);
        marketplace = new Marketplace(
                MarketplaceSettings.from(
                        dirs, env, options.marketplaceUrl, options.githubRawUrl, options.noMarketplace),
                env,
                warning -> {}); // Its warnings are logged, and so reach SSE clients through the log bridge.
        RestApi api = new RestApi(hub, version, health(), () -> ConfigLoader.load(files), this::hardRestart)
                .marketplace(marketplace)
                .oauth(oauth, SystemBrowser.choose(options.noBrowser, env));
        OriginGuard guard = new OriginGuard(isLoopback(options.host), options.allowedOrigins);
        http = new HttpServer(options.host, options.port, new HttpRoutes(guard, api, events, mcp));
        workspaces = new Workspaces(dirs, bus);
        events.onConnectionCount(workspaces::connections);
        if (options.autoShutdown) {
            autoShutdown = new AutoShutdown(Duration.ofMillis(options.shutdownDelayMillis), workspaces, this::shutdown);
            events.onConnectionCount(autoShutdown);
        }
        http.start();
        workspaces.register(
                http.port(),
                (options.configs.isEmpty() ? files : options.configs)
                        .stream().map(Path::toString).toList());
        bus.subscribe(events::publish);
        bus.start();
        LogBridge.attach(bus, options.logLevel);
        events.start();
        mcp.start();
        marketplace.start();
        oauth.start();
        Signals.onStop(this::shutdown);
        log.info(
                "mcp-hub {} listening on {}; starting {} server(s) from {}",
                version,
                base(),
                config.servers().size(),
                files);
        hub.start(config);
        if (options.watch) {
            live = new LiveConfig(files, hub);
            live.start();
        }
        log.info("mcp-hub ready: REST {}/api  events {}/api/events  MCP {}/mcp", base(), base(), base());
    }

    private void attachLogFile(HubDirs dirs) {
        try {
            logFile = LogFile.attach(dirs.logs());
        } catch (HubException | IllegalStateException e) {
            log.warn("No log file: {}", e.getMessage());
        }
    }

    private HubSettings hubSettings(Map<String, String> env, HubDirs dirs, Duration connectTimeout) {
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
                remote);
        return new HubSettings(
                Duration.ofSeconds(options.readyTimeoutSeconds),
                connectTimeout,
                upstream,
                Placeholders.Context.fromEnvironment(env, Path.of("").toAbsolutePath()),
                env,
                dirs.state().resolve("overrides.json"));
    }

    private HealthSources health() {
        return new HealthSources() {
            @Override
            public JsonNode eventConnections() {
                return events.stats();
            }

            @Override
            public int eventClients() {
                return events.connections();
            }

            @Override
            public JsonNode mcpEndpoint() {
                return mcp.stats();
            }

            @Override
            public JsonNode workspaces() {
                return workspaces.health();
            }

            @Override
            public JsonNode allWorkspaces() {
                return workspaces.all();
            }
        };
    }

    private int awaitStop() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Broadcasts restarting, then exits 0 so that the client that asked respawns the hub. */
    private void hardRestart() {
        Thread.ofVirtual().start(() -> {
            log.info("hard restart requested: exiting for the client to start the hub again");
            bus.publish(new dev.mcphub.hub.HubEvent.StateChanged(dev.mcphub.hub.HubState.RESTARTING));
            sleepQuietly(Duration.ofMillis(200));
            shutdown();
            System.exit(0);
        });
    }

    /** Stops everything in order: servers (children and all), streams, the HTTP server. Idempotent. */
    synchronized void shutdown() {
        if (stopped.getCount() == 0) {
            return;
        }
        if (live != null) {
            live.close();
        }
        if (autoShutdown != null) {
            autoShutdown.close();
        }
        if (hub != null) {
            hub.close();
        }
        drainQuietly();
        if (workspaces != null) {
            workspaces.close();
        }
        if (events != null) {
            events.close();
        }
        if (mcp != null) {
            mcp.close();
        }
        if (http != null) {
            http.close();
        }
        if (marketplace != null) {
            marketplace.close();
        }
        bus.close();
        if (remote != null) {
            remote.close();
        }
        if (oauth != null) {
            oauth.close();
        }
        if (logFile != null) {
            logFile.close();
        }
        stopped.countDown();
    }

    private void drainQuietly() {
        try {
            bus.drain(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String base() {
        String host = options.host.contains(":") ? "[" + options.host + "]" : options.host;
        return "http://" + host + ":" + http.port();
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
