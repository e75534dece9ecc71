package dev.mcphub.config;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.node.ObjectNode;

/**
 * Edits one server entry of one of the hub's config files: the edited file is checked by the loader itself (same
 * rules, same messages) together with the other files before anything is written, and written atomically (a
 * sibling temporary file moved over it, permissions kept), so a reader never sees half a file. Secrets that were
 * shown masked and sent back unchanged keep their value from the file.
 */
public final class ConfigEditor {
    private static final ObjectWriter PRETTY = Json.MAPPER
            .writer()
            .with(new DefaultPrettyPrinter()
                    .withSeparators(Separators.createDefaultInstance()
                            .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                            .withRootSeparator("")));

    private final List<Path> files;

    /** @param files the hub's config files, in merge order */
    public ConfigEditor(List<Path> files) {
        this.files = List.copyOf(files);
    }

    /** A document as the editor writes it: two-space indents, {@code "key": value}. */
    public static String pretty(JsonNode document) {
        return PRETTY.writeValueAsString(document) + "\n";
    }

    public List<Path> files() {
        return files;
    }

    /**
     * One change: {@code entry} replaces (or adds) server {@code server} in {@code file}, or removes it when
     * {@code entry} is null. A null {@code file} means the file the server comes from, or the last file for a
     * new server (later files win, so that is where an addition takes effect).
     */
    public record Edit(String server, JsonNode entry, Path file) {}

    /**
     * What saving an edit would do.
     *
     * @param before the file's text now ({@code ""} when it does not exist)
     * @param after the text that would be written
     * @param config the whole config after the edit, validated
     * @param warnings what the user loses (comments are not kept)
     */
    public record Preview(Path file, String before, String after, HubConfig config, List<String> warnings) {}

    /** Checks an edit as the loader would load it; throws the loader's CONFIG_ERROR when it is invalid. */
    public Preview preview(Edit edit, HubConfig running) {
        if (edit.server() == null || edit.server().isBlank()) {
            throw new HubException(
                    ErrorCode.VALIDATION_ERROR, "Missing server name ('server_name')", Map.of("field", "server_name"));
        }
        Path file = target(edit, running);
        String before = readText(file);
        ObjectNode document = before.isBlank() ? Json.object() : ConfigLoader.parse(file, bytes(before));
        String key = document.has("servers") && document.get("servers").isObject() ? "servers" : "mcpServers";
        JsonNode existing = document.get(key);
        ObjectNode servers = existing instanceof ObjectNode object ? object : document.putObject(key);
        if (edit.entry() == null) {
            if (servers.remove(edit.server()) == null) {
                throw new HubException(
                        ErrorCode.SERVER_NOT_FOUND,
                        "Server '" + edit.server() + "' not found in " + file,
                        Map.of("server", edit.server(), "file", file.toString()));
            }
        } else {
            JsonNode entry = edit.entry().deepCopy();
            Secrets.restore(entry, servers.get(edit.server()));
            servers.set(edit.server(), entry);
        }
        String after = pretty(document);
        HubConfig config = ConfigLoader.load(files, Map.of(file, bytes(after)));
        List<String> warnings = new ArrayList<>();
        if (!before.isBlank() && !isStrictJson(before)) {
            warnings.add("Comments and other JSON5 syntax in " + file + " are not kept: the hub writes plain JSON");
        }
        return new Preview(file, before, after, config, warnings);
    }

    /**
     * Writes a previewed edit, unless the file changed since the preview (someone else saved it): then nothing is
     * written and the caller previews again.
     */
    public void write(Preview preview) {
        Path file = preview.file();
        if (!readText(file).equals(preview.before())) {
            throw new HubException(
                    ErrorCode.VALIDATION_ERROR,
                    "Config file " + file + " changed since it was read; review the change again",
                    Map.of("file", file.toString()));
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
            try {
                Files.writeString(temp, preview.after(), StandardCharsets.UTF_8);
                keepPermissions(file, temp);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new HubException(
                    ErrorCode.CONFIG_ERROR,
                    "Could not write config file " + file + ": " + e.getMessage(),
                    Map.of("file", file.toString()));
        }
    }

    /** The server's entry as its file holds it, unmasked; null when the file has no such server. */
    public @Nullable JsonNode entry(String server, Path file) {
        String text = readText(file);
        if (text.isBlank()) {
            return null;
        }
        ObjectNode document = ConfigLoader.parse(file, bytes(text));
        JsonNode servers = document.has("servers") ? document.get("servers") : document.get("mcpServers");
        return servers == null ? null : servers.get(server);
    }

    /** A file of the hub's by its path as given, or VALIDATION_ERROR: the hub writes nowhere else. */
    public Path file(String path) {
        Path asked = Path.of(path).toAbsolutePath().normalize();
        return files.stream()
                .filter(f -> f.toAbsolutePath().normalize().equals(asked))
                .findFirst()
                .orElseThrow(() -> new HubException(
                        ErrorCode.VALIDATION_ERROR,
                        "'" + path + "' is not one of the hub's config files " + files,
                        Map.of("field", "file", "file", path)));
    }

    private Path target(Edit edit, HubConfig running) {
        if (edit.file() != null) {
            return file(edit.file().toString());
        }
        ServerConfig current = running.servers().get(edit.server());
        if (current != null && current.configSource() != null) {
            return file(current.configSource());
        }
        if (files.isEmpty()) {
            throw new HubException(ErrorCode.VALIDATION_ERROR, "The hub has no config file to write to");
        }
        return files.getLast();
    }

    static String readText(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new HubException(
                    ErrorCode.CONFIG_ERROR,
                    "Failed to load config from " + file + ": " + e.getMessage(),
                    Map.of("file", file.toString()));
        }
    }

    private static boolean isStrictJson(String text) {
        try {
            Json.parse(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void keepPermissions(Path original, Path temp) throws IOException {
        if (!Files.exists(original)) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(original);
            Files.setPosixFilePermissions(temp, permissions);
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the new file gets the directory's default ACL, as any editor's save would.
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
