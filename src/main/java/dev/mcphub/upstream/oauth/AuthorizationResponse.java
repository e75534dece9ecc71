package dev.mcphub.upstream.oauth;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What the authorization server sent back through the user's browser (RFC 6749 §4.1.2): a code or an error,
 * the state, and the {@code server_name} the hub put in its redirect URI. Fields are null when absent.
 */
public record AuthorizationResponse(
        String code, String state, String error, String errorDescription, String serverName) {

    public static AuthorizationResponse fromQuery(Map<String, String> query) {
        return new AuthorizationResponse(
                blankToNull(query.get("code")),
                blankToNull(query.get("state")),
                blankToNull(query.get("error")),
                blankToNull(query.get("error_description")),
                blankToNull(query.get("server_name")));
    }

    /** Reads the redirect URL a user copied from the browser's address bar (a headless hub's manual callback). */
    public static AuthorizationResponse fromUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new HubException(
                    ErrorCode.VALIDATION_ERROR, "The URL is not valid: " + e.getMessage(), Map.of("field", "url"));
        }
        return fromQuery(query(uri.getRawQuery()));
    }

    static Map<String, String> query(String rawQuery) {
        Map<String, String> values = new HashMap<>();
        if (rawQuery == null) {
            return values;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            values.putIfAbsent(decode(name), decode(value));
        }
        return values;
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String toString() {
        return "AuthorizationResponse[server=" + serverName + ", error=" + error + ", hasCode=" + (code != null) + "]";
    }
}
