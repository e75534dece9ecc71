package dev.mcphub.cli;

import dev.mcphub.config.HubDirs;
import dev.mcphub.error.HubException;
import dev.mcphub.hub.EventBus;
import dev.mcphub.hub.HubEvent;
import dev.mcphub.json.Json;
import dev.mcphub.workspace.WorkspaceEntry;
import dev.mcphub.workspace.WorkspaceRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * This hub's place in the shared {@code workspaces.json}: registered once the port is bound (a hub that
 * fails to start never touches the file), kept up to date with the number of {@code /api/events} clients
 * and the auto-shutdown countdown, removed at shutdown. Every change of the file, by any hub, reaches SSE
 * clients as {@code workspaces_updated}. The registry is a convenience for clients: when it fails, the hub
 * logs it and runs on.
 */
final class Workspaces implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Workspaces.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** Client counts are written at most this often: a thousand clients arriving make a few writes, not 1,000. */
    private static final Duration COUNT_COALESCING = Duration.ofMillis(250);

    private final WorkspaceRegistry registry;
    /**
     * Updates wait for a lock shared with other processes and do file I/O: they run here, in order, off the
     * callers' threads, on a platform thread (file I/O would pin a virtual thread's carrier).
     */
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("workspaces").factory());

    private final AtomicInteger pendingCount = new AtomicInteger(-1);

    private volatile int port;
    private volatile boolean registered;

    Workspaces(HubDirs dirs, EventBus bus) {
        this.registry = new WorkspaceRegistry(dirs, cache -> bus.publish(new HubEvent.WorkspacesUpdated(cache)));
    }

    /** Registers this hub, listening on {@code port}, started with {@code configFiles} as given. */
    void register(int port, List<String> configFiles) {
        this.port = port;
        try {
            registry.start();
            String cwd = Path.of("").toAbsolutePath().toString();
            registry.register(WorkspaceEntry.ofThisProcess(cwd, configFiles, port));
            registered = true;
        } catch (HubException | IllegalStateException e) {
            log.warn("Could not register this hub in {}: {}", registry.path(), e.getMessage());
        }
    }

    /** Records the number of event-stream clients; the latest number is written shortly after. */
    void connections(int count) {
        if (pendingCount.getAndSet(count) >= 0 || !registered) {
            return; // A write of the latest count is already scheduled.
        }
        try {
            writer.schedule(() -> guarded(this::flushCount), COUNT_COALESCING.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Shutting down: the entry is about to be removed anyway.
        }
    }

    /** The countdown began; the entry says so together with the latest client count. */
    void shuttingDown(Duration delay) {
        write(() -> {
            flushCount();
            registry.markShuttingDown(delay);
        });
    }

    void active() {
        write(() -> {
            flushCount();
            registry.markActive();
        });
    }

    private void flushCount() {
        int count = pendingCount.getAndSet(-1);
        if (count >= 0) {
            registry.setActiveConnections(count);
        }
    }

    /** Every live hub's entry by port; fails with {@code WORKSPACE_ERROR}. */
    ObjectNode all() {
        return registered ? registry.read() : Json.object();
    }

    /** This hub's key in the workspaces file, for {@code /api/health}. */
    String current() {
        return String.valueOf(port);
    }

    /** Finishes the pending updates, stops watching and removes this hub's entry. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        registry.close();
    }

    private void write(Runnable update) {
        if (!registered) {
            return;
        }
        try {
            writer.execute(() -> guarded(update));
        } catch (RejectedExecutionException e) {
            // Shutting down: the entry is about to be removed anyway.
        }
    }

    private void guarded(Runnable update) {
        try {
            update.run();
        } catch (HubException | IllegalStateException e) {
            log.warn("Could not update this hub's entry in {}: {}", registry.path(), e.getMessage());
        }
    }
}
