package dev.mcphub.testing;

import dev.mcphub.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A config file a test edits while the hub runs, written the ways editors write: in place, or to a temp
 * file renamed over the original.
 */
public final class ConfigFile {
    private final Path path;
    private final ObjectNode servers = Json.object();

    private ConfigFile(Path path) {
        this.path = path;
    }

    public static ConfigFile at(Path path) {
        return new ConfigFile(path);
    }

    /** An entry {@code {command, args}} running {@code command}. */
    public static ObjectNode stdio(List<String> command) {
        ObjectNode entry = Json.object().put("command", command.getFirst());
        command.subList(1, command.size()).forEach(entry.putArray("args")::add);
        return entry;
    }

    public Path path() {
        return path;
    }

    /** Adds or replaces a server. */
    public ConfigFile server(String name, ObjectNode entry) {
        servers.set(name, entry);
        return this;
    }

    /** The live entry of a server, to change a field before the next write. */
    public ObjectNode entry(String name) {
        return (ObjectNode) servers.get(name);
    }

    public ConfigFile remove(String name) {
        servers.remove(name);
        return this;
    }

    /** Writes the file in place (truncate and write), as most editors do. */
    public ConfigFile write() {
        return writeText(text());
    }

    /** Writes whatever text is given in place, e.g. a broken file. */
    public ConfigFile writeText(String text) {
        try {
            Files.writeString(path, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Writes a temp file beside the config and renames it over the config, as vim and IntelliJ do. */
    public ConfigFile renameOver() {
        try {
            Path temp = Files.writeString(path.resolveSibling(path.getFileName() + ".tmp~"), text());
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private String text() {
        ObjectNode root = Json.object();
        root.set("mcpServers", servers.deepCopy());
        return root.toPrettyString();
    }
}
