package dev.mcphub.hub;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import dev.mcphub.upstream.ServerThreads;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a dev-mode server's source tree: every directory under the root, including ones created later,
 * except dependency and build directories. Files whose path relative to the root matches one of the globs
 * and that are created, changed or deleted are collected until no change has come for the debounce time;
 * then the callback gets them (relative, {@code /}-separated, in the order first seen). The callback runs
 * on the watcher's own thread, so changes made while it runs are reported in the next round.
 */
final class DevWatcher implements AutoCloseable {
    static final Duration DEBOUNCE = Duration.ofMillis(500);
    static final Set<String> IGNORED_DIRECTORIES =
            Set.of("node_modules", ".git", "target", "build", "dist", "__pycache__");
    private static final Logger log = LoggerFactory.getLogger(DevWatcher.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final String server;
    private final Path root;
    private final List<Glob> globs;
    private final Duration debounce;
    private final Consumer<List<String>> onChange;
    /** Touched only by the watch thread once started. */
    private final Map<WatchKey, Path> directories = new HashMap<>();

    private WatchService service;
    private Thread thread;

    DevWatcher(String server, Path root, List<String> globs, Duration debounce, Consumer<List<String>> onChange) {
        this.server = server;
        this.root = root.toAbsolutePath().normalize();
        this.globs = globs.stream().map(Glob::new).toList();
        this.debounce = debounce;
        this.onChange = onChange;
    }

    /** Registers the tree and starts watching; throws when the root is not a readable directory. */
    void start() throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("dev.cwd '" + root + "' is not a directory");
        }
        service = root.getFileSystem().newWatchService();
        register(root, null);
        thread = ServerThreads.start("dev-watch", server, this::run);
    }

    /** Stops watching; a callback in progress is waited for, briefly. Idempotent. */
    @Override
    public void close() {
        try {
            if (service != null) {
                service.close();
            }
            Thread running = thread;
            if (running != null && running != Thread.currentThread()) {
                running.join(CLOSE_WAIT);
            }
        } catch (IOException e) {
            log.debug("{}: closing the dev watch of {} failed: {}", server, root, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Set<String> changed = new LinkedHashSet<>();
        try {
            while (true) {
                WatchKey key =
                        changed.isEmpty() ? service.take() : service.poll(debounce.toMillis(), TimeUnit.MILLISECONDS);
                if (key != null) {
                    handle(key, changed);
                } else {
                    List<String> files = List.copyOf(changed);
                    changed.clear();
                    report(files);
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            log.debug("{}: stopped watching {}", server, root);
        }
    }

    private void handle(WatchKey key, Set<String> changed) {
        Path dir = directories.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW || dir == null) {
                continue;
            }
            Path path = dir.resolve((Path) event.context());
            if (event.kind() == ENTRY_CREATE && Files.isDirectory(path)) {
                // Files may be written into it before it is registered: the walk reports those.
                register(path, changed);
            } else if (matches(path)) {
                changed.add(relative(path));
            }
        }
        if (!key.reset()) {
            directories.remove(key);
        }
    }

    /** Watches {@code start} and the directories below it; with {@code found}, collects matching files. */
    private void register(Path start, Set<String> found) {
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(root)
                            && IGNORED_DIRECTORIES.contains(dir.getFileName().toString())) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    directories.put(dir.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE), dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (found != null && matches(file)) {
                        found.add(relative(file));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // Gone again, or unreadable: nothing to watch.
                }
            });
        } catch (IOException e) {
            log.warn("{}: cannot watch {} for dev mode: {}", server, start, e.getMessage());
        }
    }

    private boolean matches(Path file) {
        Path relative = root.relativize(file);
        return globs.stream().anyMatch(glob -> glob.matches(relative));
    }

    private String relative(Path file) {
        List<String> parts = new ArrayList<>();
        root.relativize(file).forEach(part -> parts.add(part.toString()));
        return String.join("/", parts);
    }

    private void report(List<String> files) {
        try {
            onChange.accept(files);
        } catch (RuntimeException e) {
            log.error("{}: handling the dev-mode change of {} failed", server, files, e);
        }
    }

    /**
     * A glob as the reference's users write them: {@code **}{@code /*.js} also matches {@code a.js} at the
     * top, which Java's glob syntax alone would not.
     */
    private static final class Glob {
        private final PathMatcher full;
        private final PathMatcher top;

        Glob(String pattern) {
            this.full = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            this.top = pattern.startsWith("**/")
                    ? FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3))
                    : null;
        }

        boolean matches(Path relative) {
            return full.matches(relative) || top != null && top.matches(relative);
        }
    }
}
