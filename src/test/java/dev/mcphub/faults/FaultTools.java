package dev.mcphub.faults;

import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.McpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fault suite's upstream, test-fixtures/servers/fault-tools.mjs (the TypeScript SDK's own {@code Server},
 * independent of the hub's code), and what tests ask of it through the hub.
 */
final class FaultTools {
    /** What the {@code big} tool repeats. */
    static final String PATTERN = "0123456789abcdef";

    private FaultTools() {}

    static List<String> command() {
        return Fixtures.nodeScript("servers/fault-tools.mjs");
    }

    /** A config with one fault-tools server per entry: its name, then its flags, e.g. {@code "x --hold-stdout"}. */
    static Path config(Path dir, String... servers) throws java.io.IOException {
        ObjectNode entries = Json.object();
        for (String server : servers) {
            List<String> words = List.of(server.split(" "));
            ObjectNode entry =
                    entries.putObject(words.getFirst()).put("command", command().getFirst());
            var args = entry.putArray("args");
            command().subList(1, command().size()).forEach(args::add);
            words.subList(1, words.size()).forEach(args::add);
        }
        return Files.writeString(
                dir.resolve("servers.json"), Json.text(Json.object().set("mcpServers", entries)));
    }

    /** The text {@code big} returns for {@code mib} MiB. */
    static String bigText(int mib) {
        return PATTERN.repeat(mib * 1024 * 1024 / PATTERN.length());
    }

    static ObjectNode toolCall(String tool, ObjectNode arguments) {
        ObjectNode params = Json.object().put("name", tool);
        params.set("arguments", arguments);
        return params;
    }

    /** How many {@code hang} calls the server has seen cancelled, asked through the hub's REST API. */
    static int cancellations(HubProcess hub, String server) throws Exception {
        return hangs(hub, server).path("count").asInt(-1);
    }

    /** How many {@code hang} calls the server has started. */
    static int hangsStarted(HubProcess hub, String server) throws Exception {
        return hangs(hub, server).path("started").asInt(-1);
    }

    private static JsonNode hangs(HubProcess hub, String server) throws Exception {
        JsonNode reply = hub.post(
                        "/api/servers/tools",
                        Json.text(Json.object()
                                .put("server_name", server)
                                .put("tool", "cancellations")
                                .set("arguments", Json.object())))
                .json();
        return reply.at("/result/structuredContent");
    }

    /** A call through the hub's REST API; the {@code result}. */
    static JsonNode call(HubProcess hub, String server, String tool) throws Exception {
        return hub.post(
                        "/api/servers/tools",
                        Json.text(Json.object()
                                .put("server_name", server)
                                .put("tool", tool)
                                .set("arguments", Json.object())))
                .json()
                .path("result");
    }

    /** A tools/call over /mcp; the whole JSON-RPC response. */
    static JsonNode call(McpClient client, String tool, ObjectNode arguments) throws Exception {
        return client.request("tools/call", toolCall(tool, arguments));
    }

    /** The hub's peak resident set (VmHWM) in KiB, from /proc. */
    static long peakRssKib(long pid) throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmHWM in /proc/" + pid + "/status");
    }
}
