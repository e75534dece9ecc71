package dev.mcphub.upstream;

import dev.mcphub.config.ServerConfig;
import dev.mcphub.config.ServerSpec;
import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.jsonrpc.JsonRpcMessage.Notification;
import dev.mcphub.jsonrpc.JsonRpcMessage.Request;
import dev.mcphub.jsonrpc.JsonRpcMessage.Response;
import dev.mcphub.upstream.UpstreamState.Connected;
import dev.mcphub.upstream.UpstreamState.Connecting;
import dev.mcphub.upstream.UpstreamState.Disabled;
import dev.mcphub.upstream.UpstreamState.Disconnected;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The supervisor of one server: the only writer of its state. It connects, watches the connection,
 * reconnects with backoff when the server exits or drops its session, and answers the hub's commands
 * (start, stop, disable, refresh). Each run of the connect loop has a generation; a command that changes
 * what should happen starts a new generation, and a stale run can no longer write state.
 */
public final class Upstream implements AutoCloseable {

    /** What the hub hears from an upstream. Calls arrive on the upstream's threads and must not block. */
    public interface Listener {
        void stateChanged(Upstream upstream, UpstreamState previous, UpstreamState current);

        /** The server announced changes and the lists of these kinds were fetched again. */
        void listsChanged(Upstream upstream, Set<ListKind> kinds);

        /** Any other notification of the server (log messages, resource updates). */
        void notification(Upstream upstream, Notification notification);
    }

    /** Answers requests a server sends to the hub (sampling, elicitation, roots). Blocking is fine. */
    @FunctionalInterface
    public interface ServerRequests {
        Response handle(Upstream upstream, Request request, List<CallOrigin> origins);
    }

    /** Resolves placeholders of a spec just before each connect; throws CONFIG_ERROR when it cannot. */
    @FunctionalInterface
    public interface SpecResolver {
        ServerSpec resolve(ServerConfig config);
    }

    private final ServerConfig config;
    private final UpstreamSettings settings;
    private final SpecResolver resolver;
    private final Map<String, String> hubEnv;
    private final Listener listener;
    private final ServerRequests serverRequests;
    private final ListRefresher refresher = new ListRefresher(this);
    /** Follows the lists of the current connection when it speaks 2026-07-28; null otherwise. */
    private volatile @Nullable ListFollower follower;

    private final Object lock = new Object();
    private volatile UpstreamState state;
    /** The live connection while the state is {@link Connected}; guarded by {@link #lock}. Never in a snapshot. */
    private McpConnection connection;

    private volatile Instant lastStarted;
    /** Whether the server spoke 2026-07-28 when last connected: the next connection then starts in that era. */
    private volatile boolean spokeModern;

    private long generation;
    private Thread loop;
    private boolean closed;

    public Upstream(
            ServerConfig config,
            UpstreamSettings settings,
            SpecResolver resolver,
            Map<String, String> hubEnv,
            Listener listener,
            ServerRequests serverRequests) {
        this.config = config;
        this.settings = settings;
        this.resolver = resolver;
        this.hubEnv = Map.copyOf(hubEnv);
        this.listener = listener;
        this.serverRequests = serverRequests;
        this.state = Disconnected.stopped("not started");
    }

    public String name() {
        return config.name();
    }

    public ServerConfig config() {
        return config;
    }

    public UpstreamState state() {
        return state;
    }

    /**
     * The child's stderr after line {@code after}: live while connected; once it went down, the last lines
     * kept with its state. Remote servers have none.
     */
    public StderrLines stderr(long after) {
        Live live = live();
        if (live != null && live.connection().transport() instanceof StdioTransport stdio) {
            return stdio.stderrAfter(after);
        }
        UpstreamState now = state;
        if (now instanceof UpstreamState.Disconnected down && !down.stderrTail().isEmpty()) {
            List<StderrLines.Line> lines = new java.util.ArrayList<>();
            for (int i = 0; i < down.stderrTail().size(); i++) {
                lines.add(new StderrLines.Line(i + 1, down.stderrTail().get(i)));
            }
            return new StderrLines(
                    0, lines.subList((int) Math.min(lines.size(), Math.max(0, after)), lines.size()), lines.size());
        }
        return StderrLines.NONE;
    }

    /** When the last connect attempt began, or null if none did. */
    public Instant lastStarted() {
        return lastStarted;
    }

    /** Starts supervising: connects, unless {@code disabled}. */
    public void start(boolean disabled) {
        if (disabled) {
            disable();
        } else {
            connect();
        }
    }

    /** Connects now (a new generation), whatever the current state. */
    public void connect() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            long run = ++generation;
            stopLoop();
            lastStarted = Instant.now();
            write(new Connecting(lastStarted, 0));
            loop = ServerThreads.start("upstream", name(), () -> supervise(run));
        }
    }

    /** Disconnects and stays disconnected until {@link #connect()}. */
    public void stop() {
        end(Disconnected.stopped("stopped"));
    }

    /** Disconnects and marks the server disabled. */
    public void disable() {
        end(new Disabled(Instant.now()));
    }

    /**
     * Ends the current connection, waiting for the child to exit, then connects again with the same config:
     * the new process never runs beside the old one (dev mode restarts after a source change).
     */
    public void restart() {
        end(new Connecting(Instant.now(), 0));
        connect();
    }

    /** Fetches every list again (the REST refresh). Throws when the server is not connected. */
    public Capabilities refresh() {
        return refresher.refreshNow(requireLive(), Set.of(ListKind.values()));
    }

    /**
     * Sends a request to the server and waits for its answer; SERVER_NOT_CONNECTED when it is not connected.
     * The hub's one door to servers calls this; nothing else should.
     */
    public JsonNode request(String method, JsonNode params, CallOptions options) {
        return requireLive().connection().request(method, params, options);
    }

    /** Sends a notification to the server; quietly nothing when it is not connected. */
    public void notify(String method, JsonNode params) {
        Live live = live();
        if (live != null) {
            live.connection().notify(method, params);
        }
    }

    /** The connected state with its live connection, read together. */
    record Live(Connected state, McpConnection connection) {}

    /** The current connection and its state, or null when not connected. */
    Live live() {
        synchronized (lock) {
            return state instanceof Connected c && connection != null ? new Live(c, connection) : null;
        }
    }

    private Live requireLive() {
        Live live = live();
        if (live != null) {
            return live;
        }
        UpstreamState state = this.state;
        throw new HubException(
                ErrorCode.SERVER_NOT_CONNECTED,
                "Server '" + name() + "' is not connected (status: " + state.status() + ")",
                Map.of("server", name(), "status", state.status()));
    }

    /** Waits until the current attempt has an outcome (anything but connecting), at most {@code timeout}. */
    public UpstreamState awaitSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (state instanceof Connecting) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return state;
        }
    }

    @Override
    public void close() {
        Thread running;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            running = loop;
        }
        end(Disconnected.stopped("hub stopped"));
        // An attempt still connecting ends its own child when interrupted; the hub must not exit before.
        awaitEnd(running);
    }

    private static void awaitEnd(Thread running) {
        if (running == null) {
            return;
        }
        try {
            running.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- the connect loop -------------------------------------------------------------------------

    private void supervise(long run) {
        int attempt = 0;
        while (isCurrent(run)) {
            Outcome outcome = ConnectAttempt.run(this, run, attempt);
            if (outcome.retryAfter() == null || !isCurrent(run)) {
                return;
            }
            attempt = outcome.resetBackoff() ? 0 : attempt + 1;
            if (!sleep(outcome.retryAfter())) {
                return;
            }
            synchronized (lock) {
                if (generation != run) {
                    return;
                }
                lastStarted = Instant.now();
                write(new Connecting(lastStarted, attempt));
            }
        }
    }

    /** What one connect attempt ended with: when to try again (null: not at all). */
    record Outcome(Duration retryAfter, boolean resetBackoff) {}

    // --- used by ConnectAttempt and ListRefresher -------------------------------------------------

    UpstreamSettings settings() {
        return settings;
    }

    ServerSpec resolveSpec() {
        return resolver.resolve(config);
    }

    Map<String, String> hubEnv() {
        return hubEnv;
    }

    boolean spokeModern() {
        return spokeModern;
    }

    void spoke(String protocolVersion) {
        spokeModern = ModernHandshake.isModern(protocolVersion);
    }

    Listener listener() {
        return listener;
    }

    ListRefresher refresher() {
        return refresher;
    }

    @Nullable
    ListFollower follower() {
        return follower;
    }

    void following(@Nullable ListFollower next) {
        follower = next;
    }

    McpConnection.Handlers handlers(long run) {
        return new McpConnection.Handlers() {
            @Override
            public void onNotification(Notification notification) {
                if (!isCurrent(run)) {
                    return;
                }
                if (ListFollower.ACKNOWLEDGED.equals(notification.method())) {
                    ListFollower now = follower;
                    if (now != null) {
                        now.acknowledged(notification.params());
                    }
                    return; // The hub's own listen stream: nothing a client asked for.
                }
                Set<ListKind> changed = ListRefresher.kindsChangedBy(notification.method());
                if (changed.isEmpty()) {
                    listener.notification(Upstream.this, notification);
                } else {
                    refresher.refreshLater(run, changed);
                }
            }

            @Override
            public Response onRequest(Request request, List<CallOrigin> origins) {
                return serverRequests.handle(Upstream.this, request, origins);
            }

            @Override
            public void onClose(String reason) {
                // The connect loop waits on McpConnection.closed() and handles the loss.
            }

            @Override
            public CallObserver observer() {
                return settings.observer();
            }
        };
    }

    boolean isCurrent(long run) {
        synchronized (lock) {
            return generation == run && !closed;
        }
    }

    /** Writes a new connection and its state if {@code run} is still current; returns whether it did. */
    /** A tool's input schema as the server last listed it; null when it is not listed now. */
    private @Nullable JsonNode toolSchema(String tool) {
        if (!(state instanceof Connected connected)) {
            return null;
        }
        return connected.capabilities().tools().stream()
                .filter(item -> tool.equals(item.path("name").asString(null)))
                .map(item -> item.get("inputSchema"))
                .findFirst()
                .orElse(null);
    }

    boolean publishConnected(long run, McpConnection opened, Connected next) {
        synchronized (lock) {
            if (generation != run || closed) {
                return false;
            }
            connection = opened;
            opened.transport().toolSchemas(this::toolSchema);
            write(next);
            return true;
        }
    }

    /** Writes the state if {@code run} is still current; returns whether it did. */
    boolean publish(long run, UpstreamState next) {
        synchronized (lock) {
            if (generation != run || closed) {
                return false;
            }
            write(next);
            return true;
        }
    }

    /** Replaces the capabilities of the current connection, if it is still the one given. */
    boolean publishLists(long run, McpConnection connection, Capabilities capabilities) {
        synchronized (lock) {
            if (generation != run || closed || !(state instanceof Connected c) || this.connection != connection) {
                return false;
            }
            write(c.withCapabilities(capabilities));
            return true;
        }
    }

    /** Replaces the capabilities of the current connection, whatever its generation (the REST refresh). */
    void publishCurrentLists(McpConnection connection, Capabilities capabilities) {
        synchronized (lock) {
            if (!closed && state instanceof Connected c && this.connection == connection) {
                write(c.withCapabilities(capabilities));
            }
        }
    }

    private void end(UpstreamState finalState) {
        McpConnection previous;
        synchronized (lock) {
            generation++;
            stopLoop();
            previous = connection;
            write(finalState);
        }
        if (previous != null) {
            previous.close();
        }
    }

    private void stopLoop() {
        if (loop != null) {
            loop.interrupt();
            loop = null;
        }
    }

    private void write(UpstreamState next) {
        if (!(next instanceof Connected)) {
            connection = null;
        }
        UpstreamState previous = state;
        state = next;
        lock.notifyAll();
        settings.observer().stateChanged(name(), previous, next);
        listener.stateChanged(this, previous, next);
    }

    private static boolean sleep(Duration delay) {
        try {
            Thread.sleep(delay);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
