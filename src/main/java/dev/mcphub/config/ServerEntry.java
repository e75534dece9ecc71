package dev.mcphub.config;

import dev.mcphub.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Turns one validated {@code mcpServers} entry into a {@link ServerConfig}. */
final class ServerEntry {
    private ServerEntry() {}

    static ServerConfig read(String name, JsonNode entry, String source) {
        ConfigValidator.validate(name, entry, source);
        boolean stdio = entry.has("command");
        ObjectNode raw = (ObjectNode) entry.deepCopy();
        raw.put("config_source", source);
        if (stdio && !entry.path("args").isArray()) {
            raw.set("args", Json.array());
        }
        // The user's own type (VS Code writes "http") is overwritten: the reference's wire values are these two.
        raw.put("type", stdio ? "stdio" : "sse");

        ServerSpec spec = stdio ? stdio(entry) : remote(entry);
        JsonNode disabled = entry.get("disabled");
        String displayName = Json.string(entry, "name");
        return new ServerConfig(
                name,
                spec,
                disabled != null && disabled.isBoolean() && disabled.booleanValue(),
                displayName != null ? displayName : name,
                Json.string(entry, "description"),
                source,
                raw);
    }

    private static ServerSpec.Stdio stdio(JsonNode entry) {
        List<String> args = new ArrayList<>();
        // The reference passes anything on to spawn; we hand the child text, never a null argument.
        entry.path("args")
                .forEach(arg -> args.add(arg.isNull() ? "" : arg.isContainer() ? arg.toString() : arg.asString()));
        return new ServerSpec.Stdio(
                entry.get("command").asString(), args, stringMap(entry.get("env")), text(entry.get("cwd")), dev(entry));
    }

    private static ServerSpec.Remote remote(JsonNode entry) {
        Map<String, String> headers = new LinkedHashMap<>(stringMap(entry.get("headers")));
        // A header without a value cannot be sent; an env entry without one means "take the hub's".
        headers.values().removeIf(value -> value == null);
        return new ServerSpec.Remote(
                entry.get("url").asString(), headers, stringMap(entry.get("env")), oauth(entry.get("oauth")));
    }

    /** Null when the entry has no {@code dev} or turns it off, so that a non-null spec always means "on". */
    private static ServerSpec.@Nullable DevSpec dev(JsonNode entry) {
        JsonNode dev = entry.get("dev");
        if (dev == null) {
            return null;
        }
        JsonNode enabled = dev.get("enabled");
        if (enabled != null && !enabled.booleanValue()) {
            return null;
        }
        JsonNode watch = dev.get("watch");
        List<String> globs = watch == null ? ServerSpec.DevSpec.DEFAULT_WATCH : strings(watch);
        return new ServerSpec.DevSpec(true, globs, dev.get("cwd").asString());
    }

    private static ServerSpec.@Nullable OAuthSpec oauth(@Nullable JsonNode oauth) {
        if (oauth == null || oauth.isNull()) {
            return null;
        }
        return new ServerSpec.OAuthSpec(
                oauth.get("clientId").asString(), Json.string(oauth, "clientSecret"), strings(oauth.get("scopes")));
    }

    private static List<String> strings(@Nullable JsonNode array) {
        List<String> items = new ArrayList<>();
        if (array != null) {
            array.forEach(item -> items.add(item.asString()));
        }
        return items;
    }

    /** Keeps null values (they mean "inherit"); numbers and booleans become their text. */
    private static Map<String, String> stringMap(@Nullable JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        if (object != null && object.isObject()) {
            object.properties().forEach(e -> map.put(e.getKey(), text(e.getValue())));
        }
        return map;
    }

    /** The text of a scalar, null for null, absent or a container. */
    static @Nullable String text(@Nullable JsonNode node) {
        if (node == null || node.isNull() || node.isContainer()) {
            return null;
        }
        return node.asString();
    }
}
