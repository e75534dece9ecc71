package dev.mcphub.workspace;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One running hub as {@code workspaces.json} describes it, keyed there by {@link #port()}. The field names and
 * value shapes are the reference's, so that its Node.js hubs and clients such as mcphub.nvim read ours.
 *
 * @param cwd the hub's working directory; null in an entry another hub wrote without one
 * @param configFiles the config paths as given on the command line ({@code config_files})
 * @param pid the hub's process id; an entry whose process is gone is stale
 * @param port the hub's HTTP port, also the entry's key
 * @param startTime when the hub started; null in an entry another hub wrote without a readable one
 * @param state whether the hub is running or counting down to an auto-shutdown
 * @param activeConnections how many {@code /api/events} clients are connected
 * @param shutdownStartedAt when the auto-shutdown countdown began, or null when {@link State#ACTIVE}
 * @param shutdownDelay the countdown's length, or null when {@link State#ACTIVE}
 */
public record WorkspaceEntry(
        @Nullable String cwd,
        List<String> configFiles,
        long pid,
        int port,
        @Nullable Instant startTime,
        State state,
        int activeConnections,
        @Nullable Instant shutdownStartedAt,
        @Nullable Duration shutdownDelay) {

    // JavaScript's Date.toISOString(): always milliseconds, always UTC.
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The entry's {@code state} field. */
    public enum State {
        ACTIVE("active"),
        SHUTTING_DOWN("shutting_down");

        private final String wire;

        State(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        static State fromWire(@Nullable String value) {
            return SHUTTING_DOWN.wire.equals(value) ? SHUTTING_DOWN : ACTIVE;
        }
    }

    public WorkspaceEntry {
        configFiles = List.copyOf(configFiles);
        Objects.requireNonNull(state, "state");
    }

    /** A fresh, active entry for this process, started now, with no clients yet. */
    public static WorkspaceEntry ofThisProcess(String cwd, List<String> configFiles, int port) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new WorkspaceEntry(
                cwd, configFiles, ProcessHandle.current().pid(), port, now, State.ACTIVE, 0, null, null);
    }

    public WorkspaceEntry withActiveConnections(int count) {
        return new WorkspaceEntry(
                cwd, configFiles, pid, port, startTime, state, count, shutdownStartedAt, shutdownDelay);
    }

    /** This entry counting down to an auto-shutdown that began at {@code startedAt}. */
    public WorkspaceEntry shuttingDown(Instant startedAt, Duration delay) {
        return new WorkspaceEntry(
                cwd,
                configFiles,
                pid,
                port,
                startTime,
                State.SHUTTING_DOWN,
                activeConnections,
                startedAt.truncatedTo(ChronoUnit.MILLIS),
                delay);
    }

    /** This entry with the countdown cancelled. */
    public WorkspaceEntry active() {
        return new WorkspaceEntry(cwd, configFiles, pid, port, startTime, State.ACTIVE, activeConnections, null, null);
    }

    /** The entry as stored, fields in the reference's order. */
    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("cwd", cwd);
        configFiles.forEach(node.putArray("config_files")::add);
        node.put("pid", pid);
        node.put("port", port);
        node.put("startTime", startTime == null ? null : ISO_MILLIS.format(startTime));
        node.put("state", state.wire());
        node.put("activeConnections", activeConnections);
        node.put("shutdownStartedAt", shutdownStartedAt == null ? null : ISO_MILLIS.format(shutdownStartedAt));
        if (shutdownDelay == null) {
            node.putNull("shutdownDelay");
        } else {
            node.put("shutdownDelay", shutdownDelay.toMillis());
        }
        return node;
    }

    /**
     * Reads an entry written by any hub. Fields an older hub did not write take their defaults (active, no
     * connections); an entry without a numeric {@code pid} and {@code port} is rejected.
     */
    public static WorkspaceEntry fromJson(@Nullable JsonNode node) {
        if (node == null || !node.isObject() || !isNumber(node, "pid") || !isNumber(node, "port")) {
            throw new HubException(
                    ErrorCode.WORKSPACE_ERROR,
                    "Workspace entry needs a numeric pid and port: " + node,
                    Map.of("entry", String.valueOf(node)));
        }
        List<String> files = Json.elements(node.get("config_files")).stream()
                .filter(JsonNode::isString)
                .map(JsonNode::asString)
                .toList();
        JsonNode delay = node.get("shutdownDelay");
        return new WorkspaceEntry(
                Json.string(node, "cwd"),
                files,
                node.get("pid").asLong(),
                node.get("port").asInt(),
                instant(Json.string(node, "startTime")),
                State.fromWire(Json.string(node, "state")),
                node.path("activeConnections").asInt(0),
                instant(Json.string(node, "shutdownStartedAt")),
                delay != null && delay.isNumber() ? Duration.ofMillis(delay.asLong()) : null);
    }

    private static boolean isNumber(JsonNode node, String field) {
        return node.get(field) != null && node.get(field).isIntegralNumber();
    }

    private static @Nullable Instant instant(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
