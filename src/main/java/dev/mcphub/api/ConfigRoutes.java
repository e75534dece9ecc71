package dev.mcphub.api;

import dev.mcphub.config.ConfigDiff;
import dev.mcphub.config.ConfigEditor;
import dev.mcphub.config.ConfigLoader;
import dev.mcphub.config.HubConfig;
import dev.mcphub.config.Secrets;
import dev.mcphub.config.ServerConfig;
import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.hub.Hub;
import dev.mcphub.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The config as files and entries: where each server comes from, its entry with secrets masked (revealed on
 * request), and an edit checked by the loader, previewed as a diff and saved. A saved file is applied by the
 * watcher when the hub follows its files ({@code --watch}), else by the hub at once.
 */
final class ConfigRoutes {
    private final Hub hub;
    private final ConfigEditor editor;
    private final boolean watched;

    ConfigRoutes(Hub hub, ConfigEditor editor, boolean watched) {
        this.hub = hub;
        this.editor = editor;
        this.watched = watched;
    }

    List<Route> routes() {
        return List.of(
                new Route(
                        "GET", "/api/config", "The config files, their servers (secrets masked), sources", r -> view()),
                new Route("POST", "/api/config/reveal", "One server's entry as its file holds it", this::reveal),
                new Route("POST", "/api/config/validate", "Check an edit of a server entry; the diff", this::validate),
                new Route("POST", "/api/config/save", "Check, write and apply an edit of a server entry", this::save));
    }

    List<String> guarded() {
        return List.of("/api/config/reveal", "/api/config/validate", "/api/config/save");
    }

    private JsonNode view() {
        ObjectNode body = Json.object();
        body.put("watch", watched);
        ArrayNode files = body.putArray("files");
        for (Path file : editor.files()) {
            ObjectNode entry = files.addObject().put("path", file.toString()).put("exists", Files.exists(file));
            ObjectNode servers = entry.putObject("servers");
            try {
                byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
                if (bytes.length > 0) {
                    ObjectNode document = ConfigLoader.parse(file, bytes);
                    JsonNode map = document.has("servers") ? document.get("servers") : document.get("mcpServers");
                    if (map != null && map.isObject()) {
                        map.properties().forEach(e -> servers.set(e.getKey(), Secrets.mask(e.getValue())));
                    }
                }
            } catch (HubException e) {
                entry.put("error", e.getMessage());
            } catch (java.io.IOException e) {
                entry.put("error", "Failed to load config from " + file + ": " + e.getMessage());
            }
        }
        ArrayNode running = body.putArray("servers");
        for (ServerConfig server : hub.config().servers().values()) {
            running.addObject()
                    .put("name", server.name())
                    .put("config_source", server.configSource())
                    .put("disabled", server.disabled());
        }
        return body;
    }

    private JsonNode reveal(ApiRequest request) {
        String server = request.requireString("server_name", "Missing server name ('server_name' in the request body)");
        Path file = fileOf(request, server);
        JsonNode entry = editor.entry(server, file);
        if (entry == null) {
            throw new HubException(
                    ErrorCode.SERVER_NOT_FOUND,
                    "Server '" + server + "' not found in " + file,
                    Map.of("server", server, "file", file.toString()));
        }
        return Json.object()
                .put("server_name", server)
                .put("file", file.toString())
                .set("entry", entry);
    }

    /** An invalid edit is an answer here (valid: false and the loader's error), not a failure. */
    private JsonNode validate(ApiRequest request) {
        ConfigEditor.Preview preview;
        try {
            preview = editor.preview(edit(request), hub.config());
        } catch (HubException e) {
            if (e.code() != ErrorCode.CONFIG_ERROR) {
                throw e;
            }
            return Json.object().put("valid", false).set("error", ApiErrors.body(e));
        }
        return describe(preview, ConfigDiff.between(hub.config(), preview.config()))
                .put("valid", true);
    }

    private JsonNode save(ApiRequest request) {
        ConfigEditor.Preview preview;
        try {
            preview = editor.preview(edit(request), hub.config());
        } catch (HubException e) {
            if (e.code() != ErrorCode.CONFIG_ERROR) {
                throw e;
            }
            // The loader's own message; a 400, since it is the request that is wrong, and nothing was written.
            throw new HubException(ErrorCode.VALIDATION_ERROR, e.getMessage(), e.data(), e);
        }
        ConfigDiff diff = ConfigDiff.between(hub.config(), preview.config());
        editor.write(preview);
        if (!watched) {
            hub.apply(preview.config());
        }
        return describe(preview, diff).put("status", "ok").put("applied", watched ? "watcher" : "hub");
    }

    private static ObjectNode describe(ConfigEditor.Preview preview, ConfigDiff diff) {
        ObjectNode body = Json.object();
        body.put("file", preview.file().toString());
        body.put("before", maskedText(preview.file(), preview.before()));
        body.put("after", maskedText(preview.file(), preview.after()));
        // Names only: old and new values may be secrets; the masked diff shows what changed.
        ObjectNode changes = body.putObject("changes");
        changes.set("added", Json.tree(diff.added()));
        changes.set("removed", Json.tree(diff.removed()));
        changes.set("modified", Json.tree(diff.modified()));
        changes.set("unchanged", Json.tree(diff.unchanged()));
        body.set("warnings", Json.tree(preview.warnings()));
        return body;
    }

    /** A file's text for the diff view: as plain JSON, with every server's secrets masked. */
    private static String maskedText(Path file, String text) {
        if (text.isBlank()) {
            return "";
        }
        ObjectNode document = ConfigLoader.parse(file, text.getBytes(StandardCharsets.UTF_8));
        for (String key : new String[] {"mcpServers", "servers"}) {
            if (document.get(key) instanceof ObjectNode servers) {
                servers.properties().forEach(e -> e.setValue(Secrets.mask(e.getValue())));
            }
        }
        return ConfigEditor.pretty(document);
    }

    private ConfigEditor.Edit edit(ApiRequest request) {
        String server = request.requireString("server_name", "Missing server name ('server_name' in the request body)");
        boolean remove = request.body().path("remove").asBoolean(false);
        JsonNode entry = request.body().get("entry");
        if (!remove && (entry == null || entry.isNull())) {
            throw new HubException(
                    ErrorCode.VALIDATION_ERROR,
                    "Missing server entry ('entry' in the request body), or 'remove': true",
                    Map.of("field", "entry", "server", server));
        }
        String file = Json.string(request.body(), "file");
        return new ConfigEditor.Edit(server, remove ? null : entry, file == null ? null : editor.file(file));
    }

    private Path fileOf(ApiRequest request, String server) {
        String file = Json.string(request.body(), "file");
        if (file != null) {
            return editor.file(file);
        }
        HubConfig config = hub.config();
        ServerConfig current = config.servers().get(server);
        if (current == null) {
            throw new HubException(
                    ErrorCode.SERVER_NOT_FOUND, "Server '" + server + "' not found", Map.of("server", server));
        }
        return editor.file(current.configSource());
    }
}
