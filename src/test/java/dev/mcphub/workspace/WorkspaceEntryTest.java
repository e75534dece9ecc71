package dev.mcphub.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class WorkspaceEntryTest {

    @Test
    void toJsonWritesTheReferenceFieldsInItsOrderAndShapes() {
        WorkspaceEntry entry = new WorkspaceEntry(
                "/home/me/project",
                List.of("./global.json", "./project.json"),
                4711,
                37373,
                Instant.parse("2025-05-01T10:00:00Z"),
                WorkspaceEntry.State.ACTIVE,
                2,
                null,
                null);

        ObjectNode json = entry.toJson();

        assertThat(json.propertyNames())
                .containsExactly(
                        "cwd",
                        "config_files",
                        "pid",
                        "port",
                        "startTime",
                        "state",
                        "activeConnections",
                        "shutdownStartedAt",
                        "shutdownDelay");
        assertThat(json.toString())
                .isEqualTo("{\"cwd\":\"/home/me/project\",\"config_files\":[\"./global.json\",\"./project.json\"],"
                        + "\"pid\":4711,\"port\":37373,\"startTime\":\"2025-05-01T10:00:00.000Z\",\"state\":\"active\","
                        + "\"activeConnections\":2,\"shutdownStartedAt\":null,\"shutdownDelay\":null}");
    }

    @Test
    void aShuttingDownEntryRoundTrips() {
        WorkspaceEntry entry = WorkspaceEntry.ofThisProcess("/p", List.of("a.json"), 3000)
                .withActiveConnections(0)
                .shuttingDown(Instant.parse("2025-05-01T10:00:01.234Z"), Duration.ofMillis(1500));

        ObjectNode json = entry.toJson();

        assertThat(json.get("state").asString()).isEqualTo("shutting_down");
        assertThat(json.get("shutdownStartedAt").asString()).isEqualTo("2025-05-01T10:00:01.234Z");
        assertThat(json.get("shutdownDelay").asLong()).isEqualTo(1500);
        assertThat(WorkspaceEntry.fromJson(json)).isEqualTo(entry);
        assertThat(WorkspaceEntry.fromJson(json)
                        .active()
                        .toJson()
                        .get("shutdownDelay")
                        .isNull())
                .isTrue();
    }

    @Test
    void fieldsAnOlderHubDidNotWriteTakeTheirDefaults() {
        WorkspaceEntry entry = WorkspaceEntry.fromJson(Json.parse(
                "{\"pid\":12,\"port\":3000,\"config_files\":[\"a.json\"],\"startTime\":\"2025-05-01T10:00:00.000Z\"}"));

        assertThat(entry.state()).isEqualTo(WorkspaceEntry.State.ACTIVE);
        assertThat(entry.activeConnections()).isZero();
        assertThat(entry.shutdownStartedAt()).isNull();
        assertThat(entry.shutdownDelay()).isNull();
        assertThat(entry.configFiles()).containsExactly("a.json");
        assertThat(entry.cwd()).isNull();
    }

    @Test
    void anEntryWithoutANumericPidIsRejected() {
        assertThatThrownBy(() -> WorkspaceEntry.fromJson(Json.parse("{\"pid\":\"12\",\"port\":3000}")))
                .isInstanceOfSatisfying(
                        HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.WORKSPACE_ERROR));
    }
}
