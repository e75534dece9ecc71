package dev.mcphub.config;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and merges the user's config files (§3.1 and §3.3 of the contract): JSON with the JSON5 liberties
 * people put in hand-edited files, {@code mcpServers} or VS Code's {@code servers}, later files replacing
 * same-named servers wholesale, missing files skipped. Every entry is validated before anything is returned,
 * so a caller gets either a whole, valid config or a {@link ErrorCode#CONFIG_ERROR}.
 */
public final class ConfigLoader {
    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);

    /** As close to JSON5 as Jackson gets; hexadecimal numbers and multi-line strings are the gaps. */
    private static final JsonMapper LENIENT = JsonMapper.builder()
            .enable(
                    JsonReadFeature.ALLOW_JAVA_COMMENTS,
                    JsonReadFeature.ALLOW_TRAILING_COMMA,
                    JsonReadFeature.ALLOW_SINGLE_QUOTES,
                    JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES,
                    JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS,
                    JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS,
                    JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS,
                    JsonReadFeature.ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS,
                    JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
            .build();

    private ConfigLoader() {}

    /**
     * Loads, merges and validates the files in order.
     *
     * @throws HubException {@link ErrorCode#CONFIG_ERROR} for an unreadable or malformed file ({@code data}:
     *     {@code file}, and {@code line}/{@code column} when the parser knows them) or an invalid entry
     *     ({@code data}: {@code server}, {@code field}, {@code file})
     */
    public static HubConfig load(List<Path> files) {
        Map<String, SourcedEntry> entries = new LinkedHashMap<>();
        ObjectNode topLevel = Json.object();
        String profilesSource = null;
        for (Path file : files) {
            Optional<ObjectNode> document = read(file);
            if (document.isEmpty()) {
                continue;
            }
            ObjectNode doc = document.get();
            JsonNode servers = serverMap(file, doc);
            // A later file's entry replaces the earlier one wholesale but keeps its place in the order.
            servers.properties().forEach(e -> entries.put(e.getKey(), new SourcedEntry(e.getValue(), file.toString())));
            if (doc.has("profiles")) {
                profilesSource = file.toString();
            }
            doc.properties().stream()
                    .filter(e -> !e.getKey().equals("mcpServers"))
                    .forEach(e -> topLevel.set(e.getKey(), e.getValue()));
        }

        Map<String, ServerConfig> servers = new LinkedHashMap<>();
        ObjectNode merged = Json.object();
        ObjectNode mergedServers = merged.putObject("mcpServers");
        entries.forEach((name, sourced) -> {
            ServerConfig config = ServerEntry.read(name, sourced.entry(), sourced.source());
            servers.put(name, config);
            mergedServers.set(name, config.raw());
        });
        merged.setAll(topLevel);
        Map<String, ProfileConfig> profiles =
                ProfilesReader.read(merged.get("profiles"), servers.keySet(), profilesSource);
        log.debug("Loaded {} servers and {} profiles from {}", servers.size(), profiles.size(), files);
        return new HubConfig(servers, merged, files, profiles);
    }

    /** The file's root object, or empty when the file does not exist. */
    private static Optional<ObjectNode> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            log.debug("Config file {} does not exist, skipping it", file);
            return Optional.empty();
        } catch (AccessDeniedException e) {
            throw loadError(file, "permission denied", 0, 0);
        } catch (IOException e) {
            throw loadError(file, e.getMessage(), 0, 0);
        }
        JsonNode root;
        try {
            root = LENIENT.readTree(bytes);
        } catch (JacksonException e) {
            TokenStreamLocation where = e.getLocation();
            throw where == null
                    ? loadError(file, e.getOriginalMessage(), 0, 0)
                    : loadError(file, e.getOriginalMessage(), where.getLineNr(), where.getColumnNr());
        }
        if (root == null || root.isMissingNode()) {
            throw loadError(file, "unexpected end of input: the file is empty", 1, 1);
        }
        if (!root.isObject()) {
            throw notAnObject(file);
        }
        return Optional.of((ObjectNode) root);
    }

    /** VS Code's {@code servers} wins over {@code mcpServers} and also stays a top-level key, as in the reference. */
    private static JsonNode serverMap(Path file, ObjectNode doc) {
        JsonNode vsCode = doc.get("servers");
        if (vsCode != null && !vsCode.isNull()) {
            doc.set("mcpServers", vsCode);
        }
        JsonNode servers = doc.get("mcpServers");
        if (servers == null || !servers.isObject()) {
            throw notAnObject(file);
        }
        return servers;
    }

    private static HubException notAnObject(Path file) {
        return new HubException(
                ErrorCode.CONFIG_ERROR,
                "Invalid config format in " + file + ": 'mcpServers' must be an object",
                Map.of("file", file.toString(), "field", "mcpServers"));
    }

    /** {@code line} and {@code column} are 1-based, 0 when unknown. */
    private static HubException loadError(Path file, String reason, int line, int column) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("file", file.toString());
        String message = "Failed to load config from " + file + ": " + reason;
        if (line > 0) {
            data.put("line", line);
            data.put("column", column);
            message += " at " + line + ":" + column;
        }
        data.put("reason", reason);
        return new HubException(ErrorCode.CONFIG_ERROR, message, data);
    }

    private record SourcedEntry(JsonNode entry, String source) {}
}
