package dev.mcphub.upstream;

import dev.mcphub.error.HubException;
import dev.mcphub.upstream.UpstreamState.Connected;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches lists again when a server announces a change. Announcements that arrive while a fetch runs are
 * coalesced into one more fetch, so a chatty server costs at most one fetch in flight per upstream.
 */
final class ListRefresher {
    private static final Logger log = LoggerFactory.getLogger(Upstream.class);

    private final Upstream upstream;
    private final Set<ListKind> pending = EnumSet.noneOf(ListKind.class);
    private long pendingRun;
    private boolean running;

    ListRefresher(Upstream upstream) {
        this.upstream = upstream;
    }

    static Set<ListKind> kindsChangedBy(String method) {
        return switch (method) {
            case "notifications/tools/list_changed" -> EnumSet.of(ListKind.TOOLS);
            case "notifications/prompts/list_changed" -> EnumSet.of(ListKind.PROMPTS);
            case "notifications/resources/list_changed" -> EnumSet.of(ListKind.RESOURCES, ListKind.RESOURCE_TEMPLATES);
            default -> Set.of();
        };
    }

    void refreshLater(long run, Set<ListKind> kinds) {
        synchronized (this) {
            if (pendingRun != run) {
                pending.clear();
                pendingRun = run;
            }
            pending.addAll(kinds);
            if (running) {
                return;
            }
            running = true;
        }
        ServerThreads.start("refresh", upstream.name(), this::drain);
    }

    /** Fetches now and publishes the result; used by the REST refresh. */
    Capabilities refreshNow(Upstream.Live live, Set<ListKind> kinds) {
        Connected connected = live.state();
        Capabilities.Listing listing = Handshake.fetch(
                live.connection(),
                connected.server(),
                kinds,
                upstream.settings().listTimeout());
        Capabilities updated = connected.capabilities().with(listing, kinds);
        logNewErrors(upstream.name(), connected.capabilities(), updated);
        reportTo(upstream.follower(), live.connection(), listing);
        // Published only while this connection is still the server's current one (checked under its lock).
        upstream.publishCurrentLists(live.connection(), updated);
        return updated;
    }

    /** Logs each list failure that is new or different: a failure that persists is logged once. */
    static void logNewErrors(String server, Capabilities before, Capabilities after) {
        after.listErrors().forEach((kind, error) -> {
            if (!error.equals(before.listErrors().get(kind))) {
                log.warn(
                        "{}: {}; the server stays connected, this list is fetched again on its next change",
                        server,
                        error);
            }
        });
    }

    /** Tells a 2026-era connection's follower when the lists just fetched are due again. */
    private static void reportTo(@Nullable ListFollower follower, McpConnection connection, Capabilities.Listing at) {
        if (follower != null) {
            follower.fetched(connection, at);
        }
    }

    private void drain() {
        while (true) {
            Set<ListKind> kinds;
            long run;
            synchronized (this) {
                if (pending.isEmpty()) {
                    running = false;
                    return;
                }
                kinds = EnumSet.copyOf(pending);
                run = pendingRun;
                pending.clear();
            }
            fetch(run, kinds);
        }
    }

    private void fetch(long run, Set<ListKind> kinds) {
        Upstream.Live live = upstream.live();
        if (live == null) {
            return;
        }
        Connected connected = live.state();
        try {
            Capabilities.Listing listing = Handshake.fetch(
                    live.connection(),
                    connected.server(),
                    kinds,
                    upstream.settings().listTimeout());
            Capabilities updated = connected.capabilities().with(listing, kinds);
            logNewErrors(upstream.name(), connected.capabilities(), updated);
            reportTo(upstream.follower(), live.connection(), listing);
            if (upstream.publishLists(run, live.connection(), updated)) {
                upstream.listener().listsChanged(upstream, kinds);
            }
        } catch (HubException e) {
            log.warn("{}: could not fetch {} after a change: {}", upstream.name(), kinds, e.getMessage());
        }
    }
}
