package dev.mcphub.workspace;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one file through its directory (a rename over the file replaces the inode, so the file itself
 * cannot be watched) and runs a callback once a burst of changes has settled for {@link #SETTLE}, or at the
 * latest after {@link #MAX_DELAY} of continuous changes.
 */
final class WorkspaceWatch implements AutoCloseable {
    static final Duration SETTLE = Duration.ofMillis(100);
    static final Duration MAX_DELAY = Duration.ofSeconds(1);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(WorkspaceWatch.class);

    private final Path file;
    private final Runnable onChange;
    /** Both set by {@link #start()}; the watch thread is handed the service rather than reading the field. */
    private @Nullable WatchService service;

    private @Nullable Thread thread;

    WorkspaceWatch(Path file, Runnable onChange) {
        this.file = file;
        this.onChange = onChange;
    }

    void start() throws IOException {
        Path dir = file.getParent();
        if (dir == null) {
            throw new IOException("No directory to watch for " + file);
        }
        WatchService watch = file.getFileSystem().newWatchService();
        service = watch;
        dir.register(watch, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
        thread = Thread.ofVirtual().name("workspaces-watch").start(() -> run(watch));
    }

    private void run(WatchService service) {
        try {
            while (true) {
                boolean relevant = drain(service.take());
                long burstEnd = System.nanoTime() + MAX_DELAY.toNanos();
                WatchKey next;
                while (System.nanoTime() < burstEnd
                        && (next = service.poll(SETTLE.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    relevant |= drain(next);
                }
                if (relevant) {
                    runCallback();
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            log.debug("Stopped watching {}", file);
        }
    }

    private boolean drain(WatchKey key) {
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            relevant |= event.kind() == OVERFLOW || file.getFileName().equals(event.context());
        }
        key.reset();
        return relevant;
    }

    private void runCallback() {
        try {
            onChange.run();
        } catch (RuntimeException e) {
            log.warn("Handling a change of {} failed: {}", file, e.toString(), e);
        }
    }

    @Override
    public void close() {
        try {
            WatchService watch = service;
            if (watch != null) {
                watch.close();
            }
            Thread running = thread;
            if (running != null) {
                running.join(CLOSE_WAIT);
            }
        } catch (IOException e) {
            log.debug("Closing the watch of {} failed", file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
