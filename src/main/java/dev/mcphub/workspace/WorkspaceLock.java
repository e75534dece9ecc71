package dev.mcphub.workspace;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exclusive lock a hub holds while it rewrites {@code workspaces.json}. The contract with every hub on the
 * machine, the reference's Node.js hubs included, is the file {@code workspaces.json.lock}, created only if
 * absent and holding the holder's pid. Two more layers keep our own hubs from racing each other: a lock per
 * file within this JVM, and an OS lock ({@link FileChannel#tryLock()}) on {@code workspaces.json.guard}, which
 * the OS releases when a holder dies. So only one of our hubs at a time ever judges or removes a lock file.
 *
 * <p>A lock file is stale, and is removed at once, when its pid is not a live process, is this process (a
 * leftover: no other thread of ours can hold it), or names a process started after the file was written (the
 * pid was reused). A lock held by a live process for longer than {@link #MAX_HOLD} is stale too: holders keep
 * it for milliseconds, and the Node.js hubs themselves delete a lock they waited about a second for. A lock
 * file without a readable pid is judged by its age alone, since its writer may not have written the pid yet.
 */
final class WorkspaceLock {
    static final Duration MAX_HOLD = Duration.ofSeconds(2);
    static final Duration MAX_WAIT = Duration.ofSeconds(3);
    private static final Duration MAX_BACKOFF = Duration.ofMillis(50);
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final Logger log = LoggerFactory.getLogger(WorkspaceLock.class);

    private final Path lockFile;
    private final Path guardFile;
    private final ReentrantLock local;
    private final String ownPid = Long.toString(ProcessHandle.current().pid());

    WorkspaceLock(Path dataFile) {
        Path absolute = dataFile.toAbsolutePath().normalize();
        this.lockFile = absolute.resolveSibling(absolute.getFileName() + ".lock");
        this.guardFile = absolute.resolveSibling(absolute.getFileName() + ".guard");
        this.local = IN_PROCESS.computeIfAbsent(lockFile, path -> new ReentrantLock());
    }

    /** A held lock; closing it releases every layer. */
    interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /** Waits up to {@link #MAX_WAIT} for the lock. */
    Hold acquire() {
        if (local.isHeldByCurrentThread()) {
            // The OS lock is per process: a nested acquire would fail obscurely, so say what happened.
            throw new IllegalStateException("The workspace lock is not reentrant: " + lockFile);
        }
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        if (!awaitLocal()) {
            throw timeout("another thread of this hub holds it");
        }
        FileChannel guard = null;
        try {
            guard = FileChannel.open(guardFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock osLock = lockGuard(guard, deadline);
            createLockFile(deadline);
            FileChannel channel = guard;
            return () -> release(channel, osLock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(guard);
            local.unlock();
            throw e instanceof HubException hub ? hub : failure(e);
        }
    }

    private boolean awaitLocal() {
        try {
            return local.tryLock(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(e);
        }
    }

    private FileLock lockGuard(FileChannel guard, long deadline) throws IOException {
        Backoff backoff = new Backoff(deadline);
        for (FileLock lock = guard.tryLock(); ; lock = guard.tryLock()) {
            if (lock != null) {
                return lock;
            }
            if (!backoff.pause()) {
                throw timeout("another hub process holds " + guardFile.getFileName());
            }
        }
    }

    private void createLockFile(long deadline) throws IOException {
        Backoff backoff = new Backoff(deadline);
        while (true) {
            try {
                Files.writeString(lockFile, ownPid, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return;
            } catch (FileAlreadyExistsException e) {
                if (takeOverIfStale()) {
                    continue;
                }
            }
            if (!backoff.pause()) {
                throw timeout("held by pid " + readHolder().map(Holder::content).orElse("(gone)"));
            }
        }
    }

    /** True when the lock file is gone or was stale and removed: worth trying again at once. */
    private boolean takeOverIfStale() throws IOException {
        var holder = readHolder();
        if (holder.isEmpty()) {
            return true;
        }
        String reason = holder.get().staleReason(ownPid);
        if (reason == null) {
            return false;
        }
        // Remove only the file we judged; a holder that replaced it meanwhile keeps its lock.
        if (readHolder().equals(holder)) {
            Files.deleteIfExists(lockFile);
            log.warn("Took over the stale lock {}: {}", lockFile, reason);
        }
        return true;
    }

    private Optional<Holder> readHolder() throws IOException {
        try {
            Instant written = Files.getLastModifiedTime(lockFile).toInstant();
            String content = Files.readString(lockFile, StandardCharsets.UTF_8).trim();
            return Optional.of(new Holder(content, written));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private void release(FileChannel guard, FileLock osLock) {
        try {
            var holder = readHolder();
            if (holder.isPresent() && holder.get().content().equals(ownPid)) {
                Files.deleteIfExists(lockFile);
            } else {
                log.warn("The lock {} was taken from this hub while it held it", lockFile);
            }
        } catch (IOException e) {
            log.warn("Could not remove the lock {}: {}", lockFile, e.toString());
        } finally {
            try {
                osLock.release();
            } catch (IOException e) {
                log.debug("Releasing {} failed; closing the channel releases it", guardFile, e);
            }
            closeQuietly(guard);
            local.unlock();
        }
    }

    private record Holder(String content, Instant written) {
        @Nullable
        String staleReason(String ownPid) {
            boolean old = Duration.between(written, Instant.now()).compareTo(MAX_HOLD) > 0;
            if (!content.matches("\\d{1,18}")) {
                return old ? "it holds no pid and is older than " + MAX_HOLD.toSeconds() + " s" : null;
            }
            long pid = Long.parseLong(content);
            if (content.equals(ownPid)) {
                return "this process left it behind";
            }
            if (!ProcessLiveness.isAlive(pid)) {
                return "its process " + pid + " is gone";
            }
            if (!ProcessLiveness.wroteAt(pid, written)) {
                return "pid " + pid + " now names a process started after the lock was written";
            }
            return old ? "pid " + pid + " held it for more than " + MAX_HOLD.toSeconds() + " s" : null;
        }
    }

    /** Short, growing pauses until a deadline. */
    private static final class Backoff {
        private final long deadline;
        private long pauseMillis = 2;

        Backoff(long deadline) {
            this.deadline = deadline;
        }

        boolean pause() {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                Thread.sleep(Math.min(pauseMillis, TimeUnit.NANOSECONDS.toMillis(left) + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure(e);
            }
            pauseMillis = Math.min(pauseMillis * 2, MAX_BACKOFF.toMillis());
            return true;
        }
    }

    private HubException timeout(String why) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("file", lockFile.toString());
        return new HubException(
                ErrorCode.WORKSPACE_ERROR,
                "Could not lock " + lockFile + " within " + MAX_WAIT.toSeconds() + " s: " + why,
                data);
    }

    private static HubException failure(Exception e) {
        return new HubException(ErrorCode.WORKSPACE_ERROR, "Could not lock the workspace registry: " + e, Map.of(), e);
    }

    private static void closeQuietly(@Nullable FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            log.debug("Closing a lock channel failed", e);
        }
    }
}
