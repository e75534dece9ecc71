package dev.mcphub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.config.ServerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dev-mode watcher on a real directory tree. */
class DevWatcherTest {
    private static final Duration DEBOUNCE = Duration.ofMillis(200);

    @TempDir
    Path root;

    private final BlockingQueue<List<String>> reports = new LinkedBlockingQueue<>();
    private DevWatcher watcher;

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
    }

    @Test
    void aChangedMatchingFileIsReportedRelativeToTheRoot() throws Exception {
        Files.createDirectories(root.resolve("src"));
        Files.writeString(root.resolve("src/server.js"), "v1");
        start();

        Files.writeString(root.resolve("src/server.js"), "v2");

        assertThat(nextReport()).containsExactly("src/server.js");
    }

    @Test
    void aDoubleStarGlobAlsoMatchesFilesAtTheTop() throws Exception {
        start();

        Files.writeString(root.resolve("index.ts"), "export {}");

        assertThat(nextReport()).containsExactly("index.ts");
    }

    @Test
    void filesInDirectoriesCreatedLaterAreWatchedToo() throws Exception {
        start();

        Files.createDirectories(root.resolve("lib/deep"));
        Files.writeString(root.resolve("lib/deep/tool.py"), "print(1)");
        assertThat(nextReport()).containsExactly("lib/deep/tool.py");

        Files.writeString(root.resolve("lib/deep/tool.py"), "print(2)");
        assertThat(nextReport()).containsExactly("lib/deep/tool.py");
    }

    @Test
    void ignoredDirectoriesAndFilesNoGlobMatchesAreNotReported() throws Exception {
        Files.createDirectories(root.resolve("node_modules/lib"));
        Files.createDirectories(root.resolve(".git"));
        start();

        Files.writeString(root.resolve("node_modules/lib/index.js"), "ignored");
        Files.writeString(root.resolve(".git/config.json"), "{}");
        Files.createDirectories(root.resolve("dist"));
        Files.writeString(root.resolve("dist/bundle.js"), "ignored");
        Files.createDirectories(root.resolve("src/__pycache__"));
        Files.writeString(root.resolve("src/__pycache__/x.py"), "ignored");
        Files.writeString(root.resolve("README.md"), "not a source file");
        Files.writeString(root.resolve("main.js"), "watched");

        assertThat(nextReport()).containsExactly("main.js");
        assertThat(reports.poll(DEBOUNCE.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS))
                .isNull();
    }

    @Test
    void aBurstOfChangesIsReportedOnceWhenItSettles() throws Exception {
        start();

        for (String name : List.of("a.js", "b.json", "c.py")) {
            Files.writeString(root.resolve(name), name);
            Thread.sleep(40);
        }

        assertThat(nextReport()).containsExactly("a.js", "b.json", "c.py");
        assertThat(reports.poll(DEBOUNCE.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS))
                .isNull();
    }

    @Test
    void customGlobsReplaceTheDefaults() throws Exception {
        watcher = new DevWatcher("dev", root, List.of("src/**"), DEBOUNCE, reports::add);
        watcher.start();

        Files.writeString(root.resolve("top.js"), "not under src");
        Files.createDirectories(root.resolve("src/a"));
        Files.writeString(root.resolve("src/a/file.txt"), "under src");

        assertThat(nextReport()).containsExactly("src/a/file.txt");
    }

    private void start() throws Exception {
        watcher = new DevWatcher("dev", root, ServerSpec.DevSpec.DEFAULT_WATCH, DEBOUNCE, reports::add);
        watcher.start();
    }

    private List<String> nextReport() throws InterruptedException {
        List<String> report = reports.poll(10, TimeUnit.SECONDS);
        assertThat(report).as("a report within ten seconds").isNotNull();
        return report;
    }
}
