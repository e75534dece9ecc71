package dev.mcphub.hub;

import dev.mcphub.config.HubConfig;
import dev.mcphub.config.Placeholders;
import dev.mcphub.config.ServerConfig;
import dev.mcphub.jsonrpc.JsonRpcMessage.Response;
import dev.mcphub.jsonrpc.RpcError;
import dev.mcphub.upstream.CallOrigin;
import dev.mcphub.upstream.ServerThreads;
import dev.mcphub.upstream.Upstream;
import dev.mcphub.upstream.UpstreamState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live upstreams in config order, and the snapshot built from them. Creating, replacing and closing
 * upstreams happens here; the upstreams' own threads report to {@link UpstreamEvents}.
 */
final class Servers {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);
    /** The longest closing all servers may take; each stops within a few seconds on its own. */
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(10);

    private final HubSettings settings;
    private final EventBus bus;
    private final Overrides overrides;
    private final UpstreamEvents events;
    private final Set<String> quiet = ConcurrentHashMap.newKeySet();
    private final Object snapshotLock = new Object();
    private volatile Map<String, Upstream> upstreams = Map.of();
    private volatile Map<String, ServerConfig> configs = Map.of();
    private volatile HubSnapshot snapshot = new HubSnapshot(HubState.STARTING, List.of(), Catalog.EMPTY);
    private volatile ServerRequests serverRequests = Servers::noClient;
    /** Guarded by this; set once the hub stops. */
    private boolean shutDown;

    Servers(HubSettings settings, EventBus bus, Overrides overrides) {
        this.settings = settings;
        this.bus = bus;
        this.overrides = overrides;
        this.events = new UpstreamEvents(this, bus);
    }

    HubSnapshot snapshot() {
        return snapshot;
    }

    Upstream upstream(String name) {
        return upstreams.get(name);
    }

    Collection<Upstream> all() {
        return upstreams.values();
    }

    void serverRequests(ServerRequests handler) {
        this.serverRequests = handler;
    }

    boolean isQuiet(String name) {
        return quiet.contains(name);
    }

    /** Marks a server as under a command, whose own event replaces the status events until closed. */
    QuietScope quiet(String name) {
        quiet.add(name);
        return () -> quiet.remove(name);
    }

    /** A scope that ends without checked exceptions. */
    interface QuietScope extends AutoCloseable {
        @Override
        void close();
    }

    void state(HubState state) {
        state(state, null, null);
    }

    void state(HubState state, String message, String code) {
        synchronized (snapshotLock) {
            snapshot = new HubSnapshot(state, snapshot.servers(), snapshot.catalog());
            bus.publish(new HubEvent.StateChanged(state, message, code));
        }
    }

    /** Creates and starts an upstream for every server of {@code config}, replacing none (all are new). */
    void replaceAll(HubConfig config) {
        Map<String, Upstream> created = new LinkedHashMap<>();
        config.servers().values().forEach(server -> created.put(server.name(), create(server)));
        synchronized (this) {
            if (shutDown) {
                return;
            }
            configs = config.servers();
            upstreams = created;
            rebuild();
        }
        created.values()
                .forEach(u -> u.start(overrides.disabled(u.name(), u.config().disabled())));
    }

    /** Takes a config whose servers' key fields are unchanged (descriptions and the like may differ). */
    void reconfigure(HubConfig config) {
        configs = config.servers();
        rebuild();
    }

    /** Swaps in a new set of upstreams (config order), closing none; for the config applier. */
    void install(HubConfig config, Map<String, Upstream> next) {
        synchronized (this) {
            if (!shutDown) {
                configs = config.servers();
                upstreams = orderedLike(config, next);
                rebuild();
                return;
            }
        }
        // The hub stopped while a reload was being applied: what it would have started is closed instead.
        closeInParallel(new ArrayList<>(next.values()));
    }

    Upstream create(ServerConfig server) {
        Placeholders.Context context = settings.placeholders();
        return new Upstream(
                server,
                settings.upstream(),
                config -> Placeholders.resolve(config.name(), config.spec(), context),
                settings.environment(),
                events,
                (upstream, request, origins) -> serverRequests.handle(upstream.name(), request, origins));
    }

    /** Closes every upstream for good; upstreams installed afterwards by a late command are closed at once. */
    void shutDown() {
        synchronized (this) {
            shutDown = true;
        }
        closeAll();
    }

    /** Closes every upstream in parallel; each close is bounded, so this is too. */
    void closeAll() {
        closeInParallel(new ArrayList<>(upstreams.values()));
        upstreams = Map.of();
        rebuild();
    }

    /**
     * Closes upstreams in parallel and waits at most {@link #CLOSE_BOUND}: each close is bounded, and this
     * bound holds even if one is not. Platform threads, so that stopping never depends on the virtual-thread
     * scheduler having a free carrier.
     */
    static void closeInParallel(List<Upstream> toClose) {
        ExecutorService executor = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().daemon().name("close-", 0).factory());
        toClose.forEach(upstream -> executor.submit(ServerThreads.about(upstream.name(), upstream::close)));
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("some servers did not stop within {} s", CLOSE_BOUND.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Hub.Summary awaitSettled(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> notConnected = new ArrayList<>();
        int connected = 0;
        for (Upstream upstream : upstreams.values()) {
            UpstreamState state = await(upstream, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (state instanceof UpstreamState.Connected) {
                connected++;
            } else if (!(state instanceof UpstreamState.Disabled)) {
                notConnected.add(upstream.name() + " (" + state.status() + ")");
            }
        }
        return new Hub.Summary(upstreams.size(), connected, notConnected);
    }

    /** Builds a new snapshot from the upstreams' current states and announces catalogue changes. */
    void rebuild() {
        synchronized (snapshotLock) {
            List<ServerView> views = new ArrayList<>();
            for (Upstream upstream : upstreams.values()) {
                ServerConfig config = configs.getOrDefault(upstream.name(), upstream.config());
                views.add(new ServerView(
                        config, upstream.state(), upstream.lastStarted(), overrides.get(upstream.name())));
            }
            Catalog catalog = Catalog.of(views);
            HubSnapshot previous = snapshot;
            snapshot = new HubSnapshot(previous.state(), views, catalog);
            var changed = catalog.changedKinds(previous.catalog());
            if (!changed.isEmpty()) {
                bus.publish(new HubEvent.CatalogChanged(catalog, changed));
            }
        }
    }

    private static Map<String, Upstream> orderedLike(HubConfig config, Map<String, Upstream> next) {
        Map<String, Upstream> ordered = new LinkedHashMap<>();
        config.servers().keySet().forEach(name -> {
            Upstream upstream = next.get(name);
            if (upstream != null) {
                ordered.put(name, upstream);
            }
        });
        return java.util.Collections.unmodifiableMap(ordered);
    }

    private static UpstreamState await(Upstream upstream, Duration timeout) {
        try {
            return upstream.awaitSettled(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return upstream.state();
        }
    }

    private static Response noClient(
            String server, dev.mcphub.jsonrpc.JsonRpcMessage.Request request, List<CallOrigin> origins) {
        return Response.failure(
                request.id(),
                new RpcError(
                        RpcError.METHOD_NOT_FOUND,
                        "mcp-hub has no client that can answer " + request.method() + " for server '" + server + "'"));
    }
}
