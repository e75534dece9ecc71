package dev.mcphub.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@SuppressWarnings("try") // the log file and the MDC entry are held only for their close()
class LogFileTest {
    private static final Logger log = LoggerFactory.getLogger(LogFileTest.class);
    private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)";

    @TempDir
    Path logs;

    @Test
    void aSecondAttachmentAppendsToWhatTheFirstWrote() throws Exception {
        try (LogFile file = LogFile.attach(logs)) {
            log.info("first run");
        }
        try (LogFile file = LogFile.attach(logs)) {
            log.info("second run");
        }

        List<String> lines = Files.readAllLines(logs.resolve("mcp-hub.log"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).endsWith("first run");
        assertThat(lines.get(1)).endsWith("second run");
    }

    @Test
    void linesCarryTimestampLevelPidAndTheServerTheyConcern() throws Exception {
        long pid = ProcessHandle.current().pid();
        try (LogFile file = LogFile.attach(logs)) {
            try (var about = LogFile.aboutServer("memory")) {
                log.warn("connected in {} ms", 312);
            }
            log.info("hub ready");
        }

        List<String> lines = Files.readAllLines(logs.resolve("mcp-hub.log"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0))
                .matches(TIMESTAMP + " WARN  " + pid + " \\[memory\\] LogFileTest - connected in 312 ms");
        assertThat(lines.get(1)).matches(TIMESTAMP + " INFO  " + pid + " LogFileTest - hub ready");
    }

    @Test
    void theFileRollsOverBySizeKeepingABoundedNumberOfOldFiles() throws Exception {
        int maxBytes = 10_000;
        try (LogFile file = LogFile.attach(logs, maxBytes, 3)) {
            for (int i = 0; i < 1000; i++) {
                log.info("line {} {}", i, "x".repeat(80));
            }
        }

        assertThat(logs.resolve("mcp-hub.log.1")).exists();
        assertThat(logs.resolve("mcp-hub.log.3")).exists();
        assertThat(logs.resolve("mcp-hub.log.4")).doesNotExist();
        try (var files = Files.list(logs)) {
            assertThat(files).allSatisfy(f -> assertThat(Files.size(f)).isLessThanOrEqualTo(maxBytes + 200));
        }
        List<String> current = Files.readAllLines(logs.resolve("mcp-hub.log"));
        assertThat(current.getLast()).contains("line 999 ");
        assertThat(Files.readAllLines(logs.resolve("mcp-hub.log.1")).getLast())
                .contains("line " + (999 - current.size()) + " ");
    }
}
