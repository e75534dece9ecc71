package dev.mcphub.workspace;

import dev.mcphub.config.HubDirs;
import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * This hub's view of {@code <state>/workspaces.json}, the file every hub on the machine (ours and the reference's
 * Node.js hubs) shares: an object keyed by port string whose values are {@link WorkspaceEntry} objects.
 *
 * <p>Lifecycle: {@link #start()} prepares the directory, removes the entries of processes that are gone and
 * starts watching; {@link #register} only once the hub's port is bound (so a hub that fails to start never
 * writes); {@link #close()} stops watching and removes this hub's entry, and only when that entry still
 * carries this process's pid: a failed or late hub never deletes another hub's entry.
 *
 * <p>Every change takes the {@link WorkspaceLock}, re-reads the file, drops the entries of dead processes,
 * applies the change and writes the file atomically. Entries of other hubs pass through as JSON, so fields
 * this hub does not know survive. Reads take no lock unless they find dead entries to clean or catch a
 * reference hub mid-write. The change callback receives the whole cache (live entries only) after any hub's
 * change has settled (about 100 ms), and not when the content is unchanged; it runs on the
 * watch thread and owns the tree it is given.
 *
 * <p>Methods block on file I/O and may wait up to three seconds for the lock; they fail with a {@link
 * HubException} of code {@code WORKSPACE_ERROR}.
 */
public final class WorkspaceRegistry implements AutoCloseable {
    public static final String FILE_NAME = "workspaces.json";
    private static final Logger log = LoggerFactory.getLogger(WorkspaceRegistry.class);

    private final WorkspaceFile file;
    private final WorkspaceLock lock;
    private final WorkspaceWatch watch;
    private final Consumer<? super ObjectNode> onChange;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long ownPid = ProcessHandle.current().pid();
    /** Null until {@link #register} and after {@link #deregister}. */
    private volatile @Nullable WorkspaceEntry own;
    /** Null until {@link #start}. */
    private volatile @Nullable ObjectNode lastNotified;

    /** @param onChange receives the whole cache whenever any hub changed it */
    public WorkspaceRegistry(Path stateDir, Consumer<? super ObjectNode> onChange) {
        Path path = stateDir.resolve(FILE_NAME);
        this.file = new WorkspaceFile(path);
        this.lock = new WorkspaceLock(path);
        this.watch = new WorkspaceWatch(path, this::notifyIfChanged);
        this.onChange = onChange;
    }

    public WorkspaceRegistry(HubDirs dirs, Consumer<? super ObjectNode> onChange) {
        this(dirs.state(), onChange);
    }

    public Path path() {
        return file.path();
    }

    /** Creates the directory and the file, removes the entries of dead processes, starts watching. */
    public void start() {
        requireOpen();
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("The workspace registry was started already");
        }
        lastNotified = rewrite(ObjectNode::deepCopy);
        try {
            watch.start();
        } catch (IOException e) {
            throw failure("Could not watch " + file.path(), e);
        }
    }

    /** Writes this hub's entry under its port; call once the port is bound. */
    public void register(WorkspaceEntry entry) {
        requireOpen();
        rewrite(cache -> {
            cache.set(key(entry.port()), entry.toJson());
            own = entry;
            return entry;
        });
        log.info("Registered this hub (port {}, pid {}) in {}", entry.port(), entry.pid(), file.path());
    }

    /**
     * Replaces this hub's entry by {@code change} applied to it, under the lock, so concurrent updates of this
     * hub are never lost. The port and pid cannot change.
     */
    public WorkspaceEntry update(UnaryOperator<WorkspaceEntry> change) {
        requireOpen();
        return rewrite(cache -> {
            WorkspaceEntry current = own;
            if (current == null) {
                throw new IllegalStateException("This hub has no workspace entry: register it first");
            }
            WorkspaceEntry next = change.apply(current);
            if (next.port() != current.port() || next.pid() != current.pid()) {
                throw new IllegalArgumentException("A workspace update cannot change the port or pid: " + next);
            }
            cache.set(key(next.port()), next.toJson());
            own = next;
            return next;
        });
    }

    /** Records the number of {@code /api/events} clients. */
    public WorkspaceEntry setActiveConnections(int count) {
        return update(entry -> entry.withActiveConnections(count));
    }

    /** The auto-shutdown countdown started now: {@code shutting_down} with its start and delay. */
    public WorkspaceEntry markShuttingDown(Duration delay) {
        Instant now = Instant.now();
        return update(entry -> entry.shuttingDown(now, delay));
    }

    /** The countdown was cancelled by a returning client. */
    public WorkspaceEntry markActive() {
        return update(WorkspaceEntry::active);
    }

    /** This hub's entry as last written, if it registered. */
    public Optional<WorkspaceEntry> own() {
        return Optional.ofNullable(own);
    }

    /**
     * Removes this hub's entry, if it registered and the entry under its port still carries this process's
     * pid. Does nothing for a hub that never registered.
     */
    public void deregister() {
        WorkspaceEntry mine = own;
        if (mine == null) {
            return;
        }
        boolean removed = rewrite(cache -> {
            own = null;
            JsonNode current = cache.get(key(mine.port()));
            return current != null
                    && current.path("pid").asLong(-1) == ownPid
                    && cache.remove(key(mine.port())) != null;
        });
        if (removed) {
            log.info("Removed this hub (port {}) from {}", mine.port(), file.path());
        } else {
            log.info("Left port {} in {} alone: another process owns its entry now", mine.port(), file.path());
        }
    }

    /** The whole cache, live entries only; dead entries found are also removed from the file. */
    public ObjectNode read() {
        ObjectNode cache = file.tryRead();
        if (cache != null && WorkspaceFile.deadKeys(cache).isEmpty()) {
            return cache;
        }
        return rewrite(ObjectNode::deepCopy);
    }

    /** The live entries that parse, by port. */
    public List<WorkspaceEntry> entries() {
        List<WorkspaceEntry> entries = new ArrayList<>();
        for (JsonNode node : read().values()) {
            try {
                entries.add(WorkspaceEntry.fromJson(node));
            } catch (HubException e) {
                log.debug("Skipping a workspace entry: {}", e.getMessage());
            }
        }
        entries.sort(Comparator.comparingInt(WorkspaceEntry::port));
        return List.copyOf(entries);
    }

    /** Stops watching and deregisters. Idempotent; never throws. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        watch.close();
        try {
            deregister();
        } catch (RuntimeException e) {
            log.warn("Could not remove this hub from {}: {}", file.path(), e.getMessage());
        }
    }

    /**
     * Locked read-modify-write: {@code edit} changes the cache (dead entries already removed), which is written
     * if it differs from the file; returns what {@code edit} returned. {@code edit} must not call back into a
     * registry.
     */
    @SuppressWarnings("try") // the hold is used only for its close()
    private <T> T rewrite(Function<ObjectNode, T> edit) {
        createDirectory();
        try (WorkspaceLock.Hold hold = lock.acquire()) {
            ObjectNode cache = file.readLocked();
            ObjectNode before = cache.deepCopy();
            List<String> dead = WorkspaceFile.deadKeys(cache);
            cache.remove(dead);
            T result = edit.apply(cache);
            if (!cache.equals(before) || !file.exists()) {
                file.write(cache);
            }
            if (!dead.isEmpty()) {
                log.info("Removed the workspace entries of processes that are gone: ports {}", dead);
            }
            return result;
        }
    }

    private void notifyIfChanged() {
        ObjectNode cache = read();
        if (cache.equals(lastNotified)) {
            return;
        }
        lastNotified = cache;
        onChange.accept(cache.deepCopy());
    }

    private void createDirectory() {
        try {
            Files.createDirectories(file.path().getParent());
        } catch (IOException e) {
            throw failure("Could not create " + file.path().getParent(), e);
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("The workspace registry is closed");
        }
    }

    private static String key(int port) {
        return Integer.toString(port);
    }

    private HubException failure(String message, IOException e) {
        return new HubException(
                ErrorCode.WORKSPACE_ERROR,
                message + ": " + e,
                Map.of("file", file.path().toString()),
                e);
    }
}
