package dev.mcphub.upstream;

import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.RpcError;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps a 2026-07-28 server's lists current for the life of one connection. That era has no session stream:
 * a server that announces list changes does so on a {@code subscriptions/listen} request that stays open, so
 * the follower keeps one open (opened again with bounded backoff when it drops, and the lists fetched again
 * then, since changes may have been missed meanwhile); its list-changed notifications reach the
 * {@link ListRefresher} like any other server's. A server without listen (refused, or nothing acknowledged)
 * is listed again when its lists' {@code ttlMs} runs out, never sooner than {@link #FLOOR}, with jitter so
 * that servers listed together do not stay in step. A list without a {@code ttlMs} is not listed again on
 * a clock at all. Every {@code cacheScope} permits this: the hub caches a list only for itself.
 */
final class ListFollower {
    static final String ACKNOWLEDGED = "notifications/subscriptions/acknowledged";
    /** No list is fetched again sooner than this after the last fetch, whatever its ttlMs says. */
    static final Duration FLOOR = Duration.ofSeconds(1);
    /** A listen request has no answer until the stream ends; only the connection's end bounds it. */
    private static final Duration FOREVER = Duration.ofDays(365);

    private static final Logger log = LoggerFactory.getLogger(Upstream.class);

    private final Upstream upstream;
    private final long run;
    private final McpConnection connection;
    private final Set<ListKind> announced;
    /** When each list the server gave a ttlMs for is due again (System.nanoTime), guarded by this. */
    private final Map<ListKind, Long> due = new EnumMap<>(ListKind.class);
    /** The ttlMs each of those lists last came with, guarded by this. */
    private final Map<ListKind, Long> ttls = new EnumMap<>(ListKind.class);
    /** What the server agreed to tell on the current listen stream; null before its acknowledgement. */
    private volatile @Nullable Set<ListKind> honored;

    private ListFollower(Upstream upstream, long run, McpConnection connection, Set<ListKind> announced) {
        this.upstream = upstream;
        this.run = run;
        this.connection = connection;
        this.announced = announced;
    }

    /** Starts following a modern server's lists on a thread of its own; it ends with the connection. */
    static ListFollower start(
            Upstream upstream, long run, McpConnection connection, InitializeResult server, Capabilities.Listing at) {
        ListFollower follower = new ListFollower(upstream, run, connection, announcedBy(server));
        follower.fetched(connection, at);
        upstream.following(follower);
        ServerThreads.start("lists", upstream.name(), follower::follow);
        return follower;
    }

    /** The lists whose changes the server says it announces ({@code listChanged} in its capabilities). */
    static Set<ListKind> announcedBy(InitializeResult server) {
        Set<ListKind> kinds = EnumSet.noneOf(ListKind.class);
        JsonNode capabilities = server.capabilities();
        if (capabilities.path("tools").path("listChanged").asBoolean(false)) {
            kinds.add(ListKind.TOOLS);
        }
        if (capabilities.path("prompts").path("listChanged").asBoolean(false)) {
            kinds.add(ListKind.PROMPTS);
        }
        if (capabilities.path("resources").path("listChanged").asBoolean(false)) {
            kinds.add(ListKind.RESOURCES);
            kinds.add(ListKind.RESOURCE_TEMPLATES);
        }
        return kinds;
    }

    /** A fetch of some lists on this connection came back: each is due again when its ttlMs says. */
    void fetched(McpConnection on, Capabilities.Listing listing) {
        if (on != connection) {
            return;
        }
        long now = System.nanoTime();
        synchronized (this) {
            for (ListKind kind : listing.lists().keySet()) {
                Long ttl = listing.ttlMs().get(kind);
                if (ttl == null) {
                    due.remove(kind);
                    ttls.remove(kind);
                } else {
                    due.put(kind, now + delay(ttl).toNanos());
                    ttls.put(kind, ttl);
                }
            }
            notifyAll();
        }
    }

    /** The server acknowledged a listen stream with what it will announce on it. */
    void acknowledged(JsonNode params) {
        JsonNode agreed = params == null ? null : params.get("notifications");
        Set<ListKind> kinds = EnumSet.noneOf(ListKind.class);
        if (agreed != null) {
            if (agreed.path("toolsListChanged").asBoolean(false)) {
                kinds.add(ListKind.TOOLS);
            }
            if (agreed.path("promptsListChanged").asBoolean(false)) {
                kinds.add(ListKind.PROMPTS);
            }
            if (agreed.path("resourcesListChanged").asBoolean(false)) {
                kinds.add(ListKind.RESOURCES);
                kinds.add(ListKind.RESOURCE_TEMPLATES);
            }
        }
        boolean again = honored != null;
        honored = kinds;
        if (again && !kinds.isEmpty()) {
            upstream.refresher().refreshLater(run, kinds); // What changed while the stream was down.
        }
    }

    private boolean alive() {
        return connection.isOpen() && upstream.isCurrent(run);
    }

    private void follow() {
        int failures = 0;
        boolean listen = !announced.isEmpty();
        while (alive()) {
            if (!listen) {
                relistWhenDue();
                return;
            }
            try {
                connection.request("subscriptions/listen", filter(), new CallOptions(FOREVER, FOREVER, null, null));
                Set<ListKind> agreed = honored;
                if (agreed == null || agreed.isEmpty()) {
                    listen = false; // Acknowledged nothing (and ended): the server announces nothing this way.
                    log.info("{}: announces no list changes on subscriptions/listen; following ttlMs", upstream.name());
                    continue;
                }
                failures = 0; // The server ended the stream itself, orderly (it may be restarting): open again.
            } catch (HubException e) {
                if (!alive()) {
                    return;
                }
                if (refused(e)) {
                    listen = false;
                    log.info("{}: refuses subscriptions/listen ({}); following ttlMs", upstream.name(), e.getMessage());
                    continue;
                }
                failures++;
            }
            Duration delay = upstream.settings().backoff().delay(failures);
            log.debug("{}: list-change stream ended; opening it again in {} ms", upstream.name(), delay.toMillis());
            if (!pause(delay.toNanos())) {
                return;
            }
        }
    }

    private static boolean refused(HubException e) {
        Integer code = e.rpcCode();
        return code != null && (code == RpcError.METHOD_NOT_FOUND || code == RpcError.INVALID_PARAMS);
    }

    private ObjectNode filter() {
        ObjectNode notifications = Json.object();
        notifications.put("toolsListChanged", announced.contains(ListKind.TOOLS));
        notifications.put("promptsListChanged", announced.contains(ListKind.PROMPTS));
        notifications.put("resourcesListChanged", announced.contains(ListKind.RESOURCES));
        ObjectNode params = Json.object();
        params.set("notifications", notifications);
        return params;
    }

    /**
     * Without a listen stream: each list with a ttlMs is fetched again once it is due. Its next turn is set
     * when it is asked for, so that a fetch that fails is tried again a ttl later; one that comes back sets it
     * from its own ttlMs.
     */
    private void relistWhenDue() {
        while (alive()) {
            Set<ListKind> kinds = EnumSet.noneOf(ListKind.class);
            synchronized (this) {
                long now = System.nanoTime();
                long next = Long.MAX_VALUE;
                for (Map.Entry<ListKind, Long> entry : due.entrySet()) {
                    if (entry.getValue() - now <= 0) {
                        kinds.add(entry.getKey());
                    } else {
                        next = Math.min(next, entry.getValue() - now);
                    }
                }
                kinds.forEach(kind ->
                        due.put(kind, now + delay(ttls.getOrDefault(kind, 0L)).toNanos()));
                if (kinds.isEmpty()) {
                    try {
                        // A fetch that reports back wakes this; the second bound notices a connection's end.
                        wait(Math.max(1, Math.min(next / 1_000_000, 1_000)));
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
            }
            upstream.refresher().refreshLater(run, kinds);
        }
    }

    /** Waits {@code nanos}; false once the connection is over or on interrupt. */
    private boolean pause(long nanos) {
        long until = System.nanoTime() + nanos;
        synchronized (this) {
            try {
                long left;
                while ((left = until - System.nanoTime()) > 0 && alive()) {
                    wait(Math.max(1, Math.min(left / 1_000_000, 1_000)));
                }
            } catch (InterruptedException e) {
                return false;
            }
        }
        return alive();
    }

    /** When a list with this ttlMs is due again: never under the floor, plus up to a tenth more as jitter. */
    static Duration delay(long ttlMs) {
        long base = Math.max(ttlMs, FLOOR.toMillis());
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 10 + 1));
    }
}
