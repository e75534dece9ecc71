package dev.mcphub.config;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
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
        return load(files, Map.of());
    }

    /**
     * Loads as {@link #load(List)} does, with {@code pending} contents standing in for what some files hold on
     * disk: an edit is checked by the same rules, with the same messages, before it is written.
     */
    public static HubConfig load(List<Path> files, Map<Path, byte[]> pending) {
        Map<String, SourcedEntry> entries = new LinkedHashMap<>();
        ObjectNode topLevel = Json.object();
        String profilesSource = null;
        for (Path file : files) {
            byte[] edited = pending.get(file);
            Optional<ObjectNode> document = edited != null ? Optional.of(parse(file, edited)) : read(file);
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
        return Optional.of(parse(file, bytes));
    }

    /** A config document, leniently; a file that is not one fails naming the file, line and column. */
    public static ObjectNode parse(Path file, byte[] bytes) {
        JsonNode root;
        try {
            root = LENIENT.readTree(bytes);
        } catch (JacksonException e) {
            throw syntaxError(file, bytes, e);
        }
        if (root == null || root.isMissingNode()) {
            throw loadError(file, "the file is empty", 1, 1);
        }
        if (!root.isObject()) {
            throw notAnObject(file);
        }
        return (ObjectNode) root;
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

    /**
     * The parser's refusal in plain words: {@link ConfigSyntax} finds what is wrong; when it finds nothing (a
     * case only the parser knows, such as a number out of range) the parser's own sentence is kept, without its
     * internals.
     */
    private static HubException syntaxError(Path file, byte[] bytes, JacksonException e) {
        ConfigSyntax.Problem problem = ConfigSyntax.diagnose(new String(bytes, StandardCharsets.UTF_8));
        if (problem != null) {
            return loadError(file, problem.reason(), problem.line(), problem.column());
        }
        TokenStreamLocation where = e.getLocation();
        String reason = plain(e.getOriginalMessage());
        return where == null
                ? loadError(file, reason, 0, 0)
                : loadError(file, reason, where.getLineNr(), where.getColumnNr());
    }

    /** The first sentence of a parser message, without source descriptions and feature names. */
    private static String plain(String message) {
        String text = message == null ? "the file is not valid JSON" : message;
        text = text.replaceAll("\\s*\\(start marker at \\[Source:[^]]*]\\)", "")
                .replaceAll("\\s*at \\[Source:[^]]*]", "")
                .replaceAll("\\s*\\(for [^)]*\\)", "")
                .replaceAll("\\s*\\(?\\bStreamReadFeature\\.[A-Z_]+[^)]*\\)?", "");
        int newline = text.indexOf('\n');
        text = newline < 0 ? text : text.substring(0, newline);
        return text.isBlank()
                ? "the file is not valid JSON"
                : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    /**
     * {@code <file>:<line>:<column>: <reason>}, as compilers say it, or {@code <file>: <reason>} when there is
     * no position. {@code line} and {@code column} are 1-based, 0 when unknown.
     */
    private static HubException loadError(Path file, @Nullable String reason, int line, int column) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("file", file.toString());
        String message = file + ": " + reason;
        if (line > 0) {
            data.put("line", line);
            data.put("column", column);
            message = file + ":" + line + ":" + column + ": " + reason;
        }
        data.put("reason", reason);
        return new HubException(ErrorCode.CONFIG_ERROR, message, data);
    }

    private record SourcedEntry(JsonNode entry, String source) {}
}
