package dev.mcphub.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back when any of the config files changes ({@code --watch}). It watches the files' directories, not
 * the files, so that a file that does not exist yet, one an editor replaces by renaming a temp file over
 * it, and one deleted and created again are all seen; a directory that does not exist yet is waited for
 * by watching its nearest existing ancestor. A burst of events becomes one callback once no event has come
 * for the settle time. Callbacks run one at a time on the watcher's own virtual thread; what they throw is
 * logged, never passed on.
 */
public final class ConfigWatcher implements AutoCloseable {
    public static final Duration DEFAULT_SETTLE = Duration.ofMillis(200);
    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final Set<Path> files = new LinkedHashSet<>();
    private final Duration settle;
    private final Runnable onChange;
    /** Each watched directory; touched only by the watch thread after {@link #start()}. */
    private final Map<WatchKey, Path> watched = new HashMap<>();

    /** Both set once, by {@link #start()}; the watch thread is handed the service rather than reading it. */
    private @Nullable WatchService service;

    private @Nullable Thread thread;
    private volatile boolean closed;

    public ConfigWatcher(List<Path> files, @Nullable Duration settle, Runnable onChange) {
        files.forEach(file -> this.files.add(file.toAbsolutePath().normalize()));
        this.settle = settle != null ? settle : DEFAULT_SETTLE;
        this.onChange = onChange;
    }

    /** Starts watching; changes from now on are reported. */
    public synchronized void start() {
        if (thread != null || closed) {
            return;
        }
        WatchService watch;
        try {
            watch = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot watch the config files: " + e.getMessage(), e);
        }
        service = watch;
        arm(watch);
        thread = Thread.ofVirtual().name("config-watcher").start(() -> run(watch));
        log.info("Watching config files {}", files);
    }

    /** Stops watching; a callback already running is waited for, briefly. Safe to call more than once. */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = thread;
            closeService();
        }
        // Closing the service wakes the thread; it is not interrupted, so a running callback can finish its I/O.
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join(CLOSE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run(WatchService service) {
        long settleNanos = settle.toNanos();
        boolean pending = false;
        try {
            while (!closed) {
                WatchKey key = pending ? service.poll(settleNanos, TimeUnit.NANOSECONDS) : service.take();
                if (key == null) {
                    // Quiet for the whole settle time: the write is finished.
                    pending = false;
                    notifyChange();
                    continue;
                }
                pending |= handle(service, key);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closed.
        }
    }

    /** Whether the key's events touch a config file; re-arms when directories come or go. */
    private boolean handle(WatchService service, WatchKey key) {
        Path dir = watched.get(key);
        boolean relevant = false;
        boolean dirsChanged = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                relevant = true;
                continue;
            }
            Path changed = dir == null ? null : dir.resolve((Path) event.context());
            if (files.contains(changed)) {
                relevant = true;
            } else if (changed != null && files.stream().anyMatch(file -> file.startsWith(changed))) {
                dirsChanged = true;
            }
        }
        if (!key.reset()) {
            watched.remove(key);
            dirsChanged = true;
        }
        if (dirsChanged) {
            // A file may have been written into a new directory before we watched it.
            relevant |= arm(service);
        }
        return relevant;
    }

    /**
     * Watches, for every file, its directory or else the nearest ancestor that exists. Returns whether a
     * newly watched directory already holds one of the files.
     */
    private boolean arm(WatchService service) {
        boolean fileAppeared = false;
        for (Path file : files) {
            fileAppeared |= arm(service, file);
        }
        return fileAppeared;
    }

    private boolean arm(WatchService service, Path file) {
        // Loops because a deeper directory may have been created before the one above it was watched.
        while (true) {
            Path dir = nearestExisting(file.getParent());
            if (dir == null || watched.containsValue(dir)) {
                return false;
            }
            try {
                WatchKey key = dir.register(
                        service,
                        StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
                watched.put(key, dir);
            } catch (IOException e) {
                log.warn("Cannot watch {} for changes to {}: {}", dir, file, e.getMessage());
                return false;
            }
            if (dir.equals(file.getParent())) {
                return Files.exists(file);
            }
        }
    }

    private static @Nullable Path nearestExisting(@Nullable Path dir) {
        while (dir != null && !Files.isDirectory(dir)) {
            dir = dir.getParent();
        }
        return dir;
    }

    private void notifyChange() {
        if (closed) {
            return;
        }
        try {
            onChange.run();
        } catch (Exception e) {
            log.error("Config change handling failed: {}", e.getMessage(), e);
        }
    }

    private void closeService() {
        WatchService watch = service;
        if (watch == null) {
            return;
        }
        try {
            watch.close();
        } catch (IOException e) {
            log.debug("Closing the config watch service failed: {}", e.getMessage());
        }
    }
}
