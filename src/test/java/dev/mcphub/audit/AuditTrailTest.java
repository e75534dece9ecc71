package dev.mcphub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class AuditTrailTest {
    @TempDir
    Path dir;

    private static AuditEntry call(String who, String server, Instant time) {
        return new AuditEntry(
                time,
                who,
                null,
                "mcp",
                "tools/call",
                server,
                "echo",
                3,
                AuditEntry.Outcome.OK,
                10,
                20,
                null,
                null,
                null);
    }

    @Test
    void entriesAreFoundBySinceServerAndWhoOldestFirst() throws Exception {
        try (AuditTrail trail = new AuditTrail(dir, () -> true, false)) {
            Instant t0 = Instant.parse("2026-12-03T08:00:00Z");
            trail.record(call("key:a", "memory", t0));
            trail.record(call("key:b", "memory", t0.plusSeconds(60)));
            trail.record(call("key:a", "github", t0.plusSeconds(120)));
            assertThat(trail.query(null, null, null, 100)).hasSize(3);
            assertThat(trail.query(t0.plusSeconds(30), null, null, 100)).hasSize(2);
            List<JsonNode> a = trail.query(null, null, "key:a", 100);
            assertThat(a).extracting(e -> e.path("server").asString()).containsExactly("memory", "github");
            assertThat(trail.query(null, "memory", "key:b", 100)).hasSize(1);
            assertThat(trail.query(null, null, null, 1))
                    .extracting(e -> e.path("server").asString())
                    .containsExactly("github");
        }
    }

    @Test
    void theFileRotatesAndTheQueryReadsTheRotatedFilesToo() throws Exception {
        try (AuditTrail trail = new AuditTrail(dir, () -> true, false, 1_000)) {
            for (int i = 0; i < 40; i++) {
                trail.record(call("key:" + i, "memory", Instant.now()));
            }
            assertThat(Files.exists(dir.resolve("audit.jsonl.1"))).isTrue();
            assertThat(Files.size(dir.resolve("audit.jsonl"))).isLessThanOrEqualTo(1_000);
            List<JsonNode> all = trail.query(null, null, null, 1_000);
            assertThat(all.getLast().path("who").asString()).isEqualTo("key:39");
            assertThat(Files.exists(dir.resolve("audit.jsonl." + (AuditTrail.KEEP + 1))))
                    .isFalse();
        }
    }

    @Test
    void aTrailThatIsOffWritesNothing() throws Exception {
        try (AuditTrail trail = new AuditTrail(dir, () -> false, false)) {
            trail.record(call("key:a", "memory", Instant.now()));
            assertThat(Files.exists(trail.file())).isFalse();
            assertThat(trail.query(null, null, null, 10)).isEmpty();
        }
    }
}
