package dev.mcphub.cli;

import dev.mcphub.config.ConfigLoader;
import dev.mcphub.config.HubConfig;
import dev.mcphub.error.HubException;
import dev.mcphub.hub.HubEvent;
import dev.mcphub.hub.HubState;
import dev.mcphub.workspace.LogFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's start order and its orderly end. Servers are started first, so that their own start-up (often
 * the longest part) overlaps the hub's; the port is bound next, and a port in use still ends the hub at
 * once, children and all.
 */
final class Application implements Parts.Control {
    private static final Logger log = LoggerFactory.getLogger(Application.class);

    private final Options options;
    private final List<Path> files;
    private final String version = Version.current();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Core core;
    private Parts parts;
    private LogFile logFile;
    private LiveConfig live;
    private volatile boolean draining;

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
        String refusal = dev.mcphub.auth.Policy.refusal(
                options.host,
                options.auth.settings(dev.mcphub.config.HubDirs.fromEnvironment(env), env),
                options.auth.allowUnauthenticated);
        if (refusal != null) {
            System.err.println("mcp-hub: " + refusal);
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
        // The servers first: their own start is most of start → ready, and making the parts that serve clients
        // (the REST API, /mcp, the event stream, the dashboard, the marketplace) overlaps it instead of preceding it.
        // Until the port is bound no client can be there to miss an event or to be asked something by a server.
        core = new Core(options, env, version);
        if (options.logFormat == Options.LogFormat.json) {
            JsonLogEncoder.install(core.tracing::currentIds);
        }
        attachLogFile(core);
        core.bus.start();
        LogBridge.attach(core.bus, options.logLevel);
        if (core.shared instanceof dev.mcphub.cluster.RedisSessions redis) {
            // Before the servers (their OAuth tokens are shared) and before the port is bound (the first request
            // may carry a session of another replica).
            redis.onReconnect(core.oauth::reconcile);
            redis.start();
            log.info(
                    "mcp-hub cluster mode: replica {}, sessions and OAuth tokens shared through Redis at {}",
                    redis.replica(),
                    redis.where());
        }
        core.oauth.start(); // Stored tokens first: servers that need them connect at once.
        log.info(
                "mcp-hub {} starting {} server(s) from {}",
                version,
                config.servers().size(),
                files);
        core.hub.begin(config);
        parts = new Parts(core, options, files, env, version, this);
        parts.marketplace.load(); // The cache, no network: every route answers once the hub says ready.
        parts.listen();
        parts.workspaces.register(parts.port(), configFilesAsGiven());
        parts.events.start();
        parts.mcp.start();
        Signals.onStop(this::shutdown);
        log.info("mcp-hub listening on {}", base());
        log.info(
                "mcp-hub access: {}{}",
                parts.door.describe(),
                parts.audit.on() ? "; audit trail " + parts.audit.file() : "");
        parts.hub.awaitReady();
        if (options.watch) {
            live = new LiveConfig(files, parts.hub);
            live.start();
        }
        log.info(
                "mcp-hub ready: dashboard {}/  REST {}/api  events {}/api/events  MCP {}/mcp",
                base(),
                base(),
                base(),
                base());
        // After ready: the registry fetch runs in the background and must not compete with servers starting (routes
        // already answer from the cache loaded before ready, or by fetching on demand). The
        // ready line comes first: a client that saw the ready state may stop the hub at once, and loading the
        // marketplace's HTTP client is slow on a busy machine.
        parts.marketplace.start();
    }

    private List<String> configFilesAsGiven() {
        return (options.configs.isEmpty() ? files : options.configs)
                .stream().map(Path::toString).toList();
    }

    private void attachLogFile(Core core) {
        try {
            logFile = LogFile.attach(core.dirs.logs());
        } catch (HubException | IllegalStateException e) {
            log.warn("No log file: {}", e.getMessage());
        }
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
    @Override
    public void hardRestart() {
        Thread.ofVirtual().start(() -> {
            log.info("hard restart requested: exiting for the client to start the hub again");
            parts.bus.publish(new HubEvent.StateChanged(HubState.RESTARTING));
            sleepQuietly(Duration.ofMillis(200));
            shutdown();
            System.exit(0);
        });
    }

    /** Stops everything in order: servers (children and all), streams, the HTTP server. Idempotent. */
    @Override
    public synchronized void shutdown() {
        if (stopped.getCount() == 0) {
            return;
        }
        closeQuietly(live);
        if (parts != null) {
            drainRequests();
            closeQuietly(parts.autoShutdown);
        }
        if (core != null) {
            core.hub.close();
            drainQuietly();
        }
        if (parts != null) {
            closeQuietly(parts.workspaces);
            closeQuietly(parts.events);
            closeQuietly(parts.mcp);
            closeQuietly(parts.http());
            closeQuietly(parts.marketplace);
            closeQuietly(parts.audit);
            closeQuietly(parts.door);
        }
        if (core != null) {
            closeQuietly(core.bus);
            closeQuietly(core.remote);
            closeQuietly(core.oauth);
            if (core.shared instanceof AutoCloseable redis) {
                closeQuietly(redis);
            }
            closeQuietly(core.tracing); // Last: the spans of everything above are exported.
        }
        killLeftovers();
        closeQuietly(logFile);
        stopped.countDown();
    }

    /**
     * The last guard of "no child process left behind": whatever descends from the hub now did not stop when
     * its server was closed (or was started by one that crashed before), and is killed.
     */
    private static void killLeftovers() {
        List<ProcessHandle> left = ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .toList();
        if (!left.isEmpty()) {
            log.warn(
                    "killing {} process(es) left behind by servers: {}",
                    left.size(),
                    left.stream().map(ProcessHandle::pid).toList());
            left.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** One part failing to stop must not keep the others running, nor the process from exiting. */
    private static void closeQuietly(AutoCloseable part) {
        if (part == null) {
            return;
        }
        try {
            part.close();
        } catch (Exception | LinkageError e) {
            log.warn("stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
        }
    }

    @Override
    public boolean draining() {
        return draining;
    }

    /**
     * Stops taking new connections (a balancer sends them elsewhere; {@code /readyz} says 503 on those still open)
     * and lets requests in flight finish, up to {@code --drain-timeout}; servers are stopped only after.
     */
    private void drainRequests() {
        draining = true;
        HttpServer http = parts.http();
        if (http == null) {
            return;
        }
        http.stopAccepting();
        int open = parts.inFlight().count();
        if (open == 0) {
            return;
        }
        Duration bound = options.drainTimeout(core != null && core.shared instanceof dev.mcphub.cluster.RedisSessions);
        log.info("draining: waiting up to {} ms for {} request(s) in flight", bound.toMillis(), open);
        try {
            if (!parts.inFlight().awaitNone(bound)) {
                log.warn(
                        "draining: {} request(s) still in flight after {} ms; stopping anyway",
                        parts.inFlight().count(),
                        bound.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drainQuietly() {
        try {
            core.bus.drain(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String base() {
        String host = options.host.contains(":") ? "[" + options.host + "]" : options.host;
        return "http://" + host + ":" + parts.port();
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
