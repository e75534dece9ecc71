package dev.mcphub.config;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The reference's per-entry rules (§3.2 of the contract) with its exact messages, plus the {@code oauth}
 * block the reference lacks. Values holding a {@code ${...}} placeholder are checked again after
 * resolution, since only then is their real value known.
 */
final class ConfigValidator {
    private ConfigValidator() {}

    /** Throws the first rule the entry breaks, as the reference aborts the whole load on it. */
    static void validate(String name, JsonNode entry, String source) {
        if (!entry.isObject()) {
            throw invalid(name, null, source, "must include either command (for stdio) or url (for sse)");
        }
        boolean stdio = entry.has("command");
        boolean remote = entry.has("url");
        if (stdio && remote) {
            throw invalid(name, "url", source, "cannot mix stdio and sse fields");
        }
        if (stdio) {
            JsonNode command = entry.get("command");
            if (!command.isString() || command.asString().isBlank()) {
                throw invalid(name, "command", source, "missing command value");
            }
        } else if (remote) {
            if (!isValidUrl(entry.get("url"))) {
                throw invalid(name, "url", source, "has invalid url");
            }
            requireFlatObject(name, entry, "headers", source, "has invalid headers config");
        } else {
            throw invalid(name, null, source, "must include either command (for stdio) or url (for sse)");
        }
        requireFlatObject(name, entry, "env", source, "has invalid environment config");
        if (entry.has("dev")) {
            if (!stdio) {
                throw invalid(name, "dev", source, "dev field is only supported for stdio servers");
            }
            validateDev(name, entry.get("dev"), source);
        }
        if (entry.has("oauth") && !entry.get("oauth").isNull()) {
            if (!remote) {
                throw invalid(name, "oauth", source, "oauth field is only supported for remote servers");
            }
            validateOAuth(name, entry.get("oauth"), source);
        }
    }

    /** What {@code new URL(...)} accepts in the reference, near enough: absolute, and a host for http(s). */
    static boolean isValidUrl(String url) {
        try {
            URI uri = new URI(url);
            boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            // Host names such as "mcp_server" (Docker services) are not RFC 2396 hosts but are fine for HTTP.
            boolean hasAuthority =
                    uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty();
            return uri.isAbsolute() && (!web || hasAuthority);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    static boolean isAbsolutePath(String path) {
        try {
            return Path.of(path).isAbsolute();
        } catch (InvalidPathException e) {
            return false;
        }
    }

    static boolean hasPlaceholder(String value) {
        return value.contains("${");
    }

    static HubException invalid(String server, @Nullable String field, @Nullable String source, String rule) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("server", server);
        data.put("field", field);
        if (source != null) {
            data.put("file", source);
        }
        return new HubException(ErrorCode.CONFIG_ERROR, "Server '" + server + "' " + rule, data);
    }

    private static boolean isValidUrl(JsonNode url) {
        return url.isString() && (hasPlaceholder(url.asString()) || isValidUrl(url.asString()));
    }

    /** Absent or null is fine; otherwise an object whose values are scalars (they become text). */
    private static void requireFlatObject(String name, JsonNode entry, String field, String source, String rule) {
        JsonNode value = entry.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isObject()) {
            throw invalid(name, field, source, rule);
        }
        for (var property : value.properties()) {
            if (property.getValue().isContainer()) {
                throw invalid(name, field + "." + property.getKey(), source, rule);
            }
        }
    }

    private static void validateDev(String name, JsonNode dev, String source) {
        // A dev value that is not an object has no cwd, so it fails with the cwd message as in the reference.
        if (dev.isObject()) {
            JsonNode enabled = dev.get("enabled");
            if (enabled != null && !enabled.isBoolean()) {
                throw invalid(name, "dev.enabled", source, "dev.enabled must be a boolean");
            }
            JsonNode watch = dev.get("watch");
            if (watch != null && !isStringArray(watch)) {
                throw invalid(name, "dev.watch", source, "dev.watch must be an array of strings");
            }
        }
        JsonNode cwd = dev.get("cwd");
        boolean valid = cwd != null
                && cwd.isString()
                && !cwd.asString().isEmpty()
                && (hasPlaceholder(cwd.asString()) || isAbsolutePath(cwd.asString()));
        if (!valid) {
            throw invalid(name, "dev.cwd", source, "dev.cwd must be an absolute path");
        }
    }

    private static void validateOAuth(String name, JsonNode oauth, String source) {
        if (!oauth.isObject()) {
            throw invalid(name, "oauth", source, "oauth must be an object");
        }
        JsonNode clientId = oauth.get("clientId");
        if (clientId == null || !clientId.isString() || clientId.asString().isBlank()) {
            throw invalid(name, "oauth.clientId", source, "oauth.clientId must be a string");
        }
        JsonNode secret = oauth.get("clientSecret");
        if (secret != null && !secret.isNull() && !secret.isString()) {
            throw invalid(name, "oauth.clientSecret", source, "oauth.clientSecret must be a string");
        }
        JsonNode scopes = oauth.get("scopes");
        if (scopes != null && !scopes.isNull() && !isStringArray(scopes)) {
            throw invalid(name, "oauth.scopes", source, "oauth.scopes must be an array of strings");
        }
    }

    private static boolean isStringArray(JsonNode node) {
        if (!node.isArray()) {
            return false;
        }
        for (JsonNode item : node) {
            if (!item.isString()) {
                return false;
            }
        }
        return true;
    }
}
