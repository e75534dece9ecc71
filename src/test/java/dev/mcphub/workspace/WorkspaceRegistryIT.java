package dev.mcphub.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.json.Json;
import dev.mcphub.testing.LogCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Several hubs, in this JVM and in child JVMs, sharing one workspaces.json. */
class WorkspaceRegistryIT {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path stateDir;

    @TempDir
    Path childLogs;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
    }

    @Test
    void concurrentUpdatesFromThreadsAndProcessesAreNeverLost() throws Exception {
        OtherHubProcess other = otherHub("update", "41003", "50");
        other.awaitLine("REGISTERED");
        WorkspaceRegistry first = started(cache -> {});
        WorkspaceRegistry second = started(cache -> {});
        first.register(entry(41001));
        second.register(entry(41002));

        List<Callable<WorkspaceEntry>> updates = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            updates.add(() -> first.update(e -> e.withActiveConnections(e.activeConnections() + 1)));
            updates.add(() -> second.update(e -> e.withActiveConnections(e.activeConnections() + 1)));
        }
        other.send("go");
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<WorkspaceEntry> done : threads.invokeAll(updates)) {
                done.get();
            }
        }
        other.awaitLine("DONE");

        assertThat(connectionsByPort(Json.parse(Files.readString(first.path()))))
                .containsExactlyEntriesOf(new TreeMap<>(Map.of("41001", 50, "41002", 50, "41003", 50)));
        other.finish();
        assertThat(first.read().propertyNames()).containsExactlyInAnyOrder("41001", "41002");
    }

    @Test
    void aKilledHubsLockIsTakenOverAndItsEntryCleanedAtStart() throws Exception {
        OtherHubProcess crashed = otherHub("hold-lock", "41010");
        crashed.awaitLine("REGISTERED");
        crashed.awaitLine("LOCKED");
        long crashedPid = crashed.process.pid();
        crashed.kill();
        Path lockFile = stateDir.resolve("workspaces.json.lock");
        assertThat(Files.readString(lockFile)).isEqualTo(Long.toString(crashedPid));
        assertThat(Files.readString(stateDir.resolve("workspaces.json"))).contains("\"41010\"");
        // A lock from the future never grows old while the test runs: only the dead pid can make it stale.
        Files.setLastModifiedTime(lockFile, FileTime.from(Instant.now().plus(Duration.ofHours(1))));

        WorkspaceRegistry registry;
        try (LogCapture log = LogCapture.of(WorkspaceLock.class)) {
            registry = started(cache -> {});
            assertThat(log.messages())
                    .anySatisfy(line -> assertThat(line)
                            .contains("Took over the stale lock", "its process " + crashedPid + " is gone"));
        }
        assertThat(lockFile).doesNotExist();
        assertThat(Json.parse(Files.readString(registry.path())).propertyNames())
                .isEmpty();
    }

    @Test
    void entriesOfProcessesThatDiedAfterStartAreCleanedOnRead() throws Exception {
        WorkspaceRegistry registry = started(cache -> {});
        registry.register(entry(41020));
        OtherHubProcess crashed = otherHub("register", "41021");
        crashed.awaitLine("REGISTERED");
        assertThat(registry.read().propertyNames()).containsExactlyInAnyOrder("41020", "41021");

        crashed.kill();

        assertThat(registry.read().propertyNames()).containsExactly("41020");
        assertThat(Json.parse(Files.readString(registry.path())).propertyNames())
                .containsExactly("41020");
        assertThat(registry.entries()).extracting(WorkspaceEntry::port).containsExactly(41020);
    }

    @Test
    void aFreshLockOfALiveProcessIsAwaitedUntilItIsTooOld() throws Exception {
        Process holder = sleeper();
        Path lockFile = stateDir.resolve("workspaces.json.lock");
        Files.writeString(lockFile, Long.toString(holder.pid()));

        WorkspaceRegistry registry;
        try (LogCapture log = LogCapture.of(WorkspaceLock.class)) {
            registry = started(cache -> {});
            registry.register(entry(41030));
            // Awaited, then taken over for its age alone: the holder is alive and really wrote it.
            assertThat(log.messages())
                    .anySatisfy(line -> assertThat(line)
                            .contains("Took over the stale lock", "pid " + holder.pid() + " held it for more than"));
        }
        assertThat(registry.read().propertyNames()).containsExactly("41030");
        assertThat(lockFile).doesNotExist();
    }

    @Test
    void aLockWrittenBeforeItsPidsProcessStartedIsTakenOverAtOnce() throws Exception {
        Process unrelated = sleeper();
        Instant unrelatedStart = unrelated.info().startInstant().orElseThrow();
        Path lockFile = stateDir.resolve("workspaces.json.lock");
        Files.writeString(lockFile, Long.toString(unrelated.pid()));
        Instant lockWritten = unrelatedStart.minusMillis(1200);
        Files.setLastModifiedTime(lockFile, FileTime.from(lockWritten));

        try (LogCapture log = LogCapture.of(WorkspaceLock.class)) {
            started(cache -> {});
            // Taken over because the pid names a younger process, not because the lock grew old.
            assertThat(log.messages())
                    .anySatisfy(line -> assertThat(line)
                            .contains("pid " + unrelated.pid()
                                    + " now names a process started after the lock was written"));
        }
        assertThat(lockFile).doesNotExist();
    }

    @Test
    void deregisterNeverRemovesAnotherProcesssEntry() throws Exception {
        OtherHubProcess other = otherHub("register", "41040");
        other.awaitLine("REGISTERED");

        // A second hub on the same port that failed to bind never registered and so never deletes anything.
        WorkspaceRegistry failed = started(cache -> {});
        failed.close();
        assertThat(pidsByPort()).containsEntry("41040", other.process.pid());

        // A hub whose port was taken over by another process leaves that process's entry alone.
        WorkspaceRegistry replaced = started(cache -> {});
        replaced.register(entry(41041));
        OtherHubProcess successor = otherHub("register", "41041");
        successor.awaitLine("REGISTERED");
        replaced.deregister();
        assertThat(pidsByPort()).containsEntry("41041", successor.process.pid());

        WorkspaceRegistry own = started(cache -> {});
        own.register(entry(41042));
        own.close();
        assertThat(pidsByPort()).doesNotContainKey("41042").containsKeys("41040", "41041");
    }

    @Test
    void changesByAnotherProcessAreNotifiedOnceTheySettle() throws Exception {
        List<ObjectNode> notified = new CopyOnWriteArrayList<>();
        WorkspaceRegistry registry = started(notified::add);

        OtherHubProcess other = otherHub("register", "41050");
        other.awaitLine("REGISTERED");
        await().atMost(PATIENCE).until(() -> last(notified).has("41050"));
        assertThat(last(notified).get("41050").get("pid").asLong()).isEqualTo(other.process.pid());

        other.finish();
        await().atMost(PATIENCE).until(() -> !last(notified).has("41050"));

        // Rewriting the same content is no change.
        int count = notified.size();
        Files.writeString(registry.path(), Files.readString(registry.path()));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> notified.size() == count);
    }

    @Test
    void readersNeverSeeAPartiallyWrittenFile() throws Exception {
        WorkspaceRegistry registry = started(cache -> {});
        List<String> manyFiles = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            manyFiles.add("/a/rather/long/path/to/a/config/file/number-" + i + ".json");
        }
        registry.register(WorkspaceEntry.ofThisProcess("/work", manyFiles, 41060));
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        List<String> broken = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (writing.get()) {
                try {
                    JsonNode cache = Json.parse(Files.readAllBytes(registry.path()));
                    if (cache.path("41060").path("config_files").size() != manyFiles.size()) {
                        broken.add(cache.toString());
                    }
                } catch (IOException | RuntimeException e) {
                    broken.add(e.toString());
                }
                reads.incrementAndGet();
            }
        });

        // At least 200 writes, and on until the reader has read 100 times meanwhile, however the machine
        // shares its time between the two threads.
        for (int i = 1; i <= 200 || reads.get() < 100; i++) {
            registry.setActiveConnections(i);
        }
        writing.set(false);
        reader.join();

        assertThat(broken).isEmpty();
        assertThat(Files.list(stateDir).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("workspaces.json", "workspaces.json.guard");
    }

    @Test
    void autoShutdownStateRoundTripsThroughTheFile() throws Exception {
        WorkspaceRegistry registry = started(cache -> {});
        registry.register(entry(41070));

        registry.markShuttingDown(Duration.ofMillis(1500));
        JsonNode shuttingDown = Json.parse(Files.readString(registry.path())).get("41070");
        assertThat(shuttingDown.get("state").asString()).isEqualTo("shutting_down");
        assertThat(shuttingDown.get("shutdownDelay").asLong()).isEqualTo(1500);
        assertThat(Instant.parse(shuttingDown.get("shutdownStartedAt").asString()))
                .isBetween(Instant.now().minusSeconds(5), Instant.now());

        registry.markActive();
        JsonNode active = Json.parse(Files.readString(registry.path())).get("41070");
        assertThat(active.get("state").asString()).isEqualTo("active");
        assertThat(active.get("shutdownStartedAt").isNull()).isTrue();
        assertThat(active.get("shutdownDelay").isNull()).isTrue();
        assertThat(registry.own()).contains(WorkspaceEntry.fromJson(active));
    }

    private WorkspaceRegistry started(Consumer<ObjectNode> onChange) {
        WorkspaceRegistry registry = new WorkspaceRegistry(stateDir, onChange);
        toClose.add(registry);
        registry.start();
        return registry;
    }

    private static WorkspaceEntry entry(int port) {
        return WorkspaceEntry.ofThisProcess("/work/" + port, List.of("/cfg/" + port + ".json"), port);
    }

    private static Map<String, Integer> connectionsByPort(JsonNode cache) {
        Map<String, Integer> connections = new TreeMap<>();
        cache.properties()
                .forEach(e -> connections.put(
                        e.getKey(), e.getValue().get("activeConnections").asInt()));
        return connections;
    }

    private Map<String, Long> pidsByPort() throws IOException {
        Map<String, Long> pids = new TreeMap<>();
        Json.parse(Files.readString(stateDir.resolve("workspaces.json")))
                .properties()
                .forEach(e -> pids.put(e.getKey(), e.getValue().get("pid").asLong()));
        return pids;
    }

    private static ObjectNode last(List<ObjectNode> notified) {
        return notified.isEmpty() ? Json.object() : notified.getLast();
    }

    private Process sleeper() throws IOException {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        toClose.add(() -> {
            sleep.destroyForcibly();
            sleep.onExit().get(10, TimeUnit.SECONDS);
        });
        return sleep;
    }

    private OtherHubProcess otherHub(String... args) throws IOException {
        OtherHubProcess other = new OtherHubProcess(stateDir, childLogs, args);
        toClose.add(other::kill);
        return other;
    }

    /** {@link OtherHub} in a child JVM, its stdout read line by line. */
    private static final class OtherHubProcess {
        final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Writer stdin;

        OtherHubProcess(Path stateDir, Path logs, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    OtherHub.class.getName(),
                    stateDir.toString()));
            command.addAll(List.of(args));
            process = new ProcessBuilder(command)
                    .redirectError(
                            logs.resolve(args[0] + "-" + args[1] + ".err").toFile())
                    .start();
            stdin = process.outputWriter(StandardCharsets.UTF_8);
            Thread.ofVirtual().start(this::readLines);
        }

        private void readLines() {
            try {
                process.inputReader(StandardCharsets.UTF_8).lines().forEach(lines::add);
            } catch (UncheckedIOException e) {
                // The test killed the process.
            }
        }

        void awaitLine(String expected) throws InterruptedException {
            assertThat(lines.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .as("line from the other hub, pid %d", process.pid())
                    .isEqualTo(expected);
        }

        void send(String line) throws IOException {
            stdin.write(line + "\n");
            stdin.flush();
        }

        /** Ends it gracefully: it deregisters and exits. */
        void finish() throws Exception {
            stdin.close();
            assertThat(process.onExit()
                            .get(PATIENCE.toSeconds(), TimeUnit.SECONDS)
                            .exitValue())
                    .isZero();
        }

        /** SIGKILL: no cleanup at all, as in a crash. */
        void kill() throws Exception {
            process.destroyForcibly();
            process.onExit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
