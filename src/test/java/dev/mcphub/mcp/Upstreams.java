package dev.mcphub.mcp;

import dev.mcphub.fixtures.ConformanceFixture;
import dev.mcphub.fixtures.FaultServer;
import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Config entries ({@code mcpServers} values) for the real servers the MCP endpoint's tests run as upstreams. */
final class Upstreams {
    private Upstreams() {}

    static ObjectNode everything() {
        return stdio(Fixtures.npmServer("server-everything"));
    }

    static ObjectNode memory(Path file) {
        ObjectNode entry = stdio(Fixtures.npmServer("server-memory"));
        entry.putObject("env").put("MEMORY_FILE_PATH", file.toString());
        return entry;
    }

    static ObjectNode filesystem(Path root) {
        return stdio(Fixtures.npmServer("server-filesystem", root.toString()));
    }

    static ObjectNode conformance() {
        return stdio(ConformanceFixture.stdioCommand());
    }

    /** A {@link FaultServer} with the given flags, e.g. {@code --slow-tool-ms 2000}. */
    static ObjectNode fault(String... flags) {
        return stdio(Fixtures.javaCommand(FaultServer.class, flags));
    }

    static ObjectNode stdio(List<String> command) {
        ObjectNode entry = Json.object().put("command", command.getFirst());
        command.subList(1, command.size()).forEach(entry.putArray("args")::add);
        return entry;
    }
}
