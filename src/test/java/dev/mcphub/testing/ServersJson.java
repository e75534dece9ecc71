package dev.mcphub.testing;

import dev.mcphub.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** A {@code servers.json} for a test hub, built from commands (see {@code Fixtures}) and written to a file. */
public final class ServersJson {
    private final ObjectNode servers = Json.object();

    public static ServersJson create() {
        return new ServersJson();
    }

    /** A stdio server: {@code command} is the whole command line, the program first. */
    public ServersJson stdio(String name, List<String> command) {
        return stdio(name, command, Map.of());
    }

    public ServersJson stdio(String name, List<String> command, Map<String, String> env) {
        ObjectNode server = servers.putObject(name);
        server.put("command", command.getFirst());
        server.set("args", Json.tree(command.subList(1, command.size())));
        if (!env.isEmpty()) {
            server.set("env", Json.tree(env));
        }
        return this;
    }

    /** A stdio server that starts only after {@code seconds}, through {@code sh -c "sleep N; exec ..."}. */
    public ServersJson slowStdio(String name, double seconds, List<String> command) {
        StringBuilder script = new StringBuilder("sleep " + seconds + "; exec");
        command.forEach(
                word -> script.append(" '").append(word.replace("'", "'\\''")).append('\''));
        return stdio(name, List.of("sh", "-c", script.toString()));
    }

    /** Marks server {@code name} {@code "disabled": true}, as a user would in the file. */
    public ServersJson disabled(String name) {
        ((ObjectNode) servers.get(name)).put("disabled", true);
        return this;
    }

    /** Gives server {@code name} the optional {@code name} (display name) and {@code description} of the config. */
    public ServersJson described(String name, String displayName, String description) {
        ((ObjectNode) servers.get(name)).put("name", displayName).put("description", description);
        return this;
    }

    public Path write(Path file) throws IOException {
        ObjectNode root = Json.object();
        root.set("mcpServers", servers);
        Files.writeString(file, Json.text(root));
        return file;
    }
}
