package dev.mcphub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWatcherTest {
    private static final Duration SETTLE = Duration.ofMillis(200);
    private static final String CONFIG = "{\"mcpServers\": {}}";

    @TempDir
    Path dir;

    private final AtomicInteger changes = new AtomicInteger();
    private ConfigWatcher watcher;

    private ConfigWatcher watch(Path... files) {
        return watch(SETTLE, files);
    }

    private ConfigWatcher watch(Duration settle, Path... files) {
        watcher = new ConfigWatcher(List.of(files), settle, changes::incrementAndGet);
        watcher.start();
        return watcher;
    }

    @AfterEach
    void closeWatcher() {
        if (watcher != null) {
            watcher.close();
        }
    }

    /** Waits for exactly {@code expected} callbacks, and for no further one during a few settle times. */
    private void assertChanges(int expected) {
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(changes).hasValue(expected));
        await().during(SETTLE.multipliedBy(3))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(changes).hasValue(expected));
    }

    @Test
    void aPlainWriteIsReportedOnce() throws IOException {
        Path file = Files.writeString(dir.resolve("servers.json"), CONFIG);
        watch(file);

        Files.writeString(file, CONFIG + " ");

        assertChanges(1);
    }

    @Test
    void startingReportsNothing() throws IOException {
        Path file = Files.writeString(dir.resolve("servers.json"), CONFIG);
        watch(file);

        assertChanges(0);
    }

    @Test
    void aFileRenamedOverTheConfigIsReported() throws IOException {
        Path file = Files.writeString(dir.resolve("servers.json"), CONFIG);
        watch(file);

        Path temp = Files.writeString(dir.resolve(".servers.json.swp"), CONFIG + "\n");
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertChanges(1);
    }

    @Test
    void aFileCreatedLaterIsReported() throws IOException {
        Path file = dir.resolve("servers.json");
        watch(file);

        Files.writeString(file, CONFIG);

        assertChanges(1);
    }

    @Test
    void aFileInADirectoryCreatedLaterIsReportedAndThenWatched() throws IOException {
        Path file = dir.resolve("project/.vscode/mcp.json");
        watch(file);

        Files.createDirectories(file.getParent());
        Files.writeString(file, CONFIG);
        assertChanges(1);

        Files.writeString(file, CONFIG + " ");
        assertChanges(2);
    }

    @Test
    void aDeletedAndRecreatedFileIsReportedOnceWhenItSettles() throws IOException {
        Path file = Files.writeString(dir.resolve("servers.json"), CONFIG);
        watch(file);

        Files.delete(file);
        Files.writeString(file, CONFIG);

        assertChanges(1);
    }

    @Test
    void writesWithinTheSettleTimeBecomeOneCallback() throws IOException, InterruptedException {
        Path file = Files.writeString(dir.resolve("servers.json"), CONFIG);
        Duration settle = Duration.ofMillis(500);
        watch(settle, file);

        // Each write comes well before the previous one has settled, so the burst (longer than the settle
        // time as a whole) must still be one callback.
        for (int i = 0; i < 8; i++) {
            Files.writeString(file, CONFIG + " ".repeat(i));
            Thread.sleep(settle.toMillis() / 5);
        }

        assertChanges(1);
    }

    @Test
    void otherFilesInTheDirectoryAreIgnored() throws IOException {
        Path file = Files.writeString(dir.resolve("servers.json"), CONFIG);
        watch(file);

        Files.writeString(dir.resolve("other.json"), CONFIG);

        assertChanges(0);
    }

    @Test
    void everyWatchedFileIsReported() throws IOException {
        Path first = Files.writeString(dir.resolve("a.json"), CONFIG);
        Path second = Files.createDirectories(dir.resolve("elsewhere")).resolve("b.json");
        watch(first, second);

        Files.writeString(first, CONFIG + " ");
        assertChanges(1);
        Files.writeString(second, CONFIG);
        assertChanges(2);
    }

    @Test
    void aFailingCallbackDoesNotStopTheWatcher() throws IOException {
        Path file = Files.writeString(dir.resolve("servers.json"), CONFIG);
        watcher = new ConfigWatcher(List.of(file), SETTLE, () -> {
            changes.incrementAndGet();
            throw new IllegalStateException("boom");
        });
        watcher.start();

        Files.writeString(file, CONFIG + " ");
        assertChanges(1);
        Files.writeString(file, CONFIG + "  ");
        assertChanges(2);
    }

    @Test
    void closingStopsReportingAndCanBeRepeated() throws IOException {
        Path file = Files.writeString(dir.resolve("servers.json"), CONFIG);
        watch(file).close();
        watcher.close();

        Files.writeString(file, CONFIG + " ");

        assertChanges(0);
    }

    @Test
    void closingANeverStartedWatcherIsFine() {
        new ConfigWatcher(List.of(dir.resolve("x.json")), SETTLE, changes::incrementAndGet).close();
    }
}
