package dev.mcphub.cli;

import static dev.mcphub.cli.LiveConfigIT.fault;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.testing.ConfigFile;
import dev.mcphub.testing.HubProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub's log file in the state directory. */
class LogFileIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void everyLineAboutAServerNamesItAndRunsAreAppended() throws Exception {
        Path config = ConfigFile.at(dir.resolve("servers.json"))
                .server("alpha", fault("alpha"))
                .write()
                .path();
        Path home;
        long firstPid;
        try (HubProcess hub = HubProcess.builder(dir).config(config).start().awaitReady(PATIENCE)) {
            home = hub.home();
            firstPid = hub.pid();
            assertThat(hub.stop(PATIENCE)).isZero();
        }
        Path log = home.resolve("state/mcp-hub/logs/mcp-hub.log");
        List<String> lines = Files.readAllLines(log);
        assertThat(lines)
                .filteredOn(line -> line.contains("alpha: connected"))
                .singleElement()
                .asString()
                .contains(" " + firstPid + " [alpha] ");
        assertThat(lines)
                .filteredOn(line -> line.contains("mcp-hub ready"))
                .singleElement()
                .asString()
                .doesNotContain("[");

        try (HubProcess again =
                HubProcess.builder(dir).home(home).config(config).start().awaitReady(PATIENCE)) {
            assertThat(again.stop(PATIENCE)).isZero();
            assertThat(Files.readAllLines(log))
                    .startsWith(lines.toArray(String[]::new))
                    .anyMatch(line -> line.contains(" " + again.pid() + " [alpha] "));
        }
    }
}
