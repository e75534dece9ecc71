package dev.mcphub.hub;

import dev.mcphub.config.ConfigDiff;
import dev.mcphub.config.HubConfig;
import dev.mcphub.config.ServerConfig;
import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.upstream.ServerThreads;
import dev.mcphub.upstream.Upstream;
import dev.mcphub.upstream.UpstreamState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The set of servers and what can be done to them: start everything, start and stop one server, refresh,
 * apply a new config, restart, shut down. Commands that change several servers run one at a time; the
 * servers within one command are handled in parallel. Readers use {@link #snapshot()}, which never locks.
 */
public final class Hub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);

    private final HubSettings settings;
    private final EventBus bus;
    private final Servers servers;
    private final Overrides overrides;
    private final ServerCalls calls;
    private final CallStats callStats = new CallStats();
    private final DevRestarts dev;
    private final Object commands = new Object();
    private volatile HubConfig config;
    private long began;
    private volatile boolean closed;

    public Hub(HubSettings settings, EventBus bus) {
        this.settings = settings;
        this.bus = bus;
        this.overrides = new Overrides(settings.overridesFile());
        this.servers = new Servers(settings, bus, overrides);
        this.calls = new ServerCalls(this);
        calls.observe(callStats);
        this.dev = new DevRestarts(servers, bus, settings, this::asCommand);
    }

    /** Starts every server of {@code initial} in parallel and says {@code ready} once all have an outcome. */
    public void start(HubConfig initial) {
        begin(initial);
        awaitReady();
    }

    /** Starts every server of {@code initial} in parallel and returns at once; see {@link #awaitReady()}. */
    public void begin(HubConfig initial) {
        synchronized (commands) {
            overrides.load();
            config = initial;
            began = System.nanoTime();
            servers.state(HubState.STARTING);
            servers.replaceAll(initial);
            dev.follow(servers.all());
        }
    }

    /**
     * Waits until every server has an outcome (at most the ready timeout; slower ones go on connecting), then
     * says {@code ready}.
     */
    public void awaitReady() {
        synchronized (commands) {
            Duration left = settings.readyTimeout().minusNanos(System.nanoTime() - began);
            Summary summary = servers.awaitSettled(left.isNegative() ? Duration.ZERO : left);
            log.info("{}", summary.describe());
            servers.state(HubState.READY);
        }
    }

    public HubSnapshot snapshot() {
        return servers.snapshot();
    }

    public HubConfig config() {
        return config;
    }

    public ServerCalls calls() {
        return calls;
    }

    /**
     * Adds an observer of every call through the hub's door (authorization, metrics, tracing); before {@link
     * #start}.
     */
    public void observe(CallObserver observer) {
        calls.observe(observer);
    }

    /** Per-server counts of the requests made for clients (the dashboard's health view). */
    public CallStats callStats() {
        return callStats;
    }

    /** A server's recent stderr lines (stdio servers), numbered, after line {@code after}. */
    public dev.mcphub.upstream.StderrLines stderr(String name, long after) {
        return upstream(name).stderr(after);
    }

    /** Who answers what servers ask of the hub's clients (sampling, elicitation, roots). */
    public void serverRequests(ServerRequests handler) {
        servers.serverRequests(handler);
    }

    /** A subscriber for hub events, added before {@link #start}. */
    public void subscribe(Consumer<HubEvent> subscriber) {
        bus.subscribe(subscriber);
    }

    public ServerView server(String name) {
        return snapshot().server(name).orElseThrow(() -> notFound(name));
    }

    Upstream upstream(String name) {
        Upstream upstream = servers.upstream(name);
        if (upstream == null) {
            throw notFound(name);
        }
        return upstream;
    }

    /** Enables (when disabled) and connects a server, waiting for the attempt's outcome. */
    public ServerView startServer(String name) {
        Upstream upstream = upstream(name);
        try (var quiet = servers.quiet(name);
                var about = ServerThreads.scope(name)) {
            overrides.set(name, false, configOf(name).disabled());
            if (!(upstream.state() instanceof UpstreamState.Connected)) {
                upstream.connect();
                awaitSettled(upstream);
            }
        } finally {
            bus.publish(HubEvent.ServersUpdated.of(new HubEvent.Changes.Modified(name)));
        }
        ServerView view = server(name);
        if (view.state() instanceof UpstreamState.Disconnected failed) {
            throw new HubException(
                    ErrorCode.CONNECTION_ERROR,
                    "Failed to connect to \"" + name + "\" MCP server: " + failed.reason(),
                    Map.of("server", name));
        }
        return view;
    }

    /**
     * Shares the API's enable/disable decisions with the other replicas of a cluster; before {@link #begin}.
     * Theirs are applied here as they come.
     */
    public void share(SharedOverrides shared) {
        overrides.share(shared);
        shared.onReconnect(() -> overrides.catchUp().forEach(this::applySafely));
        shared.onChange(
                (name, value) -> Thread.ofVirtual().name("override-" + name).start(() -> {
                    overrides.adopt(name, value);
                    applySafely(name);
                }));
    }

    private void applySafely(String name) {
        try {
            applyOverride(name);
        } catch (RuntimeException e) {
            log.warn("{}: could not apply another replica's enable/disable: {}", name, e.getMessage());
        }
    }

    /** Brings a server's state in line with its override (disabled or not), announcing a change. */
    private void applyOverride(String name) {
        Upstream upstream = servers.upstream(name);
        if (upstream == null || config == null) {
            return; // Not started yet, or not in this config: the override waits in the file.
        }
        boolean disabled = overrides.disabled(name, configOf(name).disabled());
        boolean isDisabled = upstream.state() instanceof UpstreamState.Disabled;
        if (disabled == isDisabled) {
            return;
        }
        try (var quiet = servers.quiet(name);
                var about = ServerThreads.scope(name)) {
            if (disabled) {
                upstream.disable();
            } else {
                upstream.connect();
            }
        } finally {
            bus.publish(HubEvent.ServersUpdated.of(new HubEvent.Changes.Modified(name)));
        }
    }

    /** Stops a server; with {@code disable} it stays disabled across reloads and restarts. */
    public ServerView stopServer(String name, boolean disable) {
        Upstream upstream = upstream(name);
        try (var quiet = servers.quiet(name);
                var about = ServerThreads.scope(name)) {
            if (disable) {
                overrides.set(name, true, configOf(name).disabled());
                upstream.disable();
            } else {
                upstream.stop();
            }
        } finally {
            bus.publish(HubEvent.ServersUpdated.of(new HubEvent.Changes.Modified(name)));
        }
        return server(name);
    }

    /**
     * Connects a server again after its authorization changed (the user authorized the hub), unless it is
     * connected (a new token is used at once) or disabled; waits for the outcome and announces it.
     */
    public ServerView reconnectServer(String name) {
        Upstream upstream = upstream(name);
        try (var quiet = servers.quiet(name)) {
            UpstreamState state = upstream.state();
            if (!(state instanceof UpstreamState.Connected) && !(state instanceof UpstreamState.Disabled)) {
                upstream.connect();
                awaitSettled(upstream);
            }
        } finally {
            bus.publish(HubEvent.ServersUpdated.of(new HubEvent.Changes.Modified(name)));
        }
        return server(name);
    }

    /** Fetches a server's lists again. */
    public ServerView refreshServer(String name) {
        upstream(name).refresh();
        return server(name);
    }

    /** Applies a new config: only what changed is touched. Returns the diff that was applied. */
    public ConfigDiff apply(HubConfig next) {
        synchronized (commands) {
            ConfigDiff diff = ConfigDiff.between(config, next);
            if (diff.isEmpty()) {
                // In force before it is announced: readers of the config (profiles) see what the event says.
                config = next;
                servers.reconfigure(next);
                bus.publish(new HubEvent.ConfigChanged(next.merged(), false));
                return diff;
            }
            bus.publish(new HubEvent.ConfigChanged(next.merged(), true));
            bus.publish(new HubEvent.ServersUpdating(new HubEvent.Changes.Diff(diff), null, null));
            try {
                new ConfigApplier(servers, overrides, settings).apply(config, next, diff);
                config = next;
            } finally {
                dev.follow(servers.all());
                bus.publish(HubEvent.ServersUpdated.of(new HubEvent.Changes.Diff(diff)));
            }
            return diff;
        }
    }

    /**
     * An edited config could not be used: clients hear why and of the reload, and nothing else changes. The
     * caller logs it; the event for clients is this one, not the log line.
     */
    public void reloadFailed(HubException why) {
        bus.publish(new HubEvent.ConfigReloadFailed(why.getMessage(), why.data()));
        bus.publish(new HubEvent.ConfigChanged(null, false));
    }

    /** Reconnects every server with the given (freshly read) config: restarting, then restarted. */
    public void restart(HubConfig reloaded) {
        synchronized (commands) {
            servers.state(HubState.RESTARTING);
            servers.closeAll();
            config = reloaded;
            servers.replaceAll(reloaded);
            dev.follow(servers.all());
            log.info("{}", servers.awaitSettled(settings.readyTimeout()).describe());
            servers.state(HubState.RESTARTED);
        }
    }

    /** Reports a fatal error of the hub itself to clients. */
    public void fail(String message, String code) {
        servers.state(HubState.ERROR, message, code);
    }

    /** Stopping: every server is stopped in parallel, child processes and all; then stopped. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        servers.state(HubState.STOPPING);
        dev.close();
        servers.shutDown();
        servers.state(HubState.STOPPED);
    }

    /** Runs a command from elsewhere (a dev-mode restart) one at a time with the others, unless closed. */
    private void asCommand(Runnable command) {
        synchronized (commands) {
            if (!closed) {
                command.run();
            }
        }
    }

    private void awaitSettled(Upstream upstream) {
        try {
            upstream.awaitSettled(settings.commandTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static HubException notFound(String name) {
        return new HubException(ErrorCode.SERVER_NOT_FOUND, "Server '" + name + "' not found", Map.of("server", name));
    }

    /** How many servers ended up in which state after a start or restart. */
    record Summary(int total, int connected, List<String> notConnected) {
        String describe() {
            String base = connected + "/" + total + " servers connected";
            return notConnected.isEmpty() ? base : base + " (not connected: " + String.join(", ", notConnected) + ")";
        }
    }

    ServerConfig configOf(String name) {
        return config.servers().get(name);
    }
}
