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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
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

    private final WorkspaceRegistry registry;
    /** Updates wait for a lock shared with other processes: they run here, in order, off the callers' threads. */
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("workspaces").factory());

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

    void connections(int count) {
        write(() -> registry.setActiveConnections(count));
    }

    void shuttingDown(Duration delay) {
        write(() -> registry.markShuttingDown(delay));
    }

    void active() {
        write(registry::markActive);
    }

    /** Every live hub's entry by port; fails with {@code WORKSPACE_ERROR}. */
    ObjectNode all() {
        return registered ? registry.read() : Json.object();
    }

    /** {@code /api/health}'s {@code workspaces}: {@code {current, allActive}}; never fails. */
    ObjectNode health() {
        ObjectNode health = Json.object();
        health.put("current", String.valueOf(port));
        ObjectNode active;
        try {
            active = all();
        } catch (HubException e) {
            active = Json.object();
        }
        health.set("allActive", active);
        return health;
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
            writer.execute(() -> {
                try {
                    update.run();
                } catch (HubException | IllegalStateException e) {
                    log.warn("Could not update this hub's entry in {}: {}", registry.path(), e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            // Shutting down: the entry is about to be removed anyway.
        }
    }
}
