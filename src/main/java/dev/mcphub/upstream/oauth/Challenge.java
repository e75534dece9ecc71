package dev.mcphub.upstream.oauth;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code Bearer} challenge of a {@code WWW-Authenticate} header (RFC 6750 §3, RFC 9728 §5.1): the error,
 * the scope the resource asks for and where its protected-resource metadata is. Fields are null when absent.
 */
record Challenge(String error, String errorDescription, String scope, String resourceMetadata) {
    static final Challenge NONE = new Challenge(null, null, null, null);

    boolean insufficientScope() {
        return "insufficient_scope".equals(error);
    }

    /** Parses the first Bearer challenge of a header that may hold several; NONE when there is none. */
    static Challenge parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        Map<String, String> params = new Parser(header).bearerParams();
        if (params == null) {
            return NONE;
        }
        return new Challenge(
                params.get("error"),
                params.get("error_description"),
                params.get("scope"),
                params.get("resource_metadata"));
    }

    /** auth-scheme, then auth-params {@code name=token} or {@code name="quoted"}, comma separated. */
    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        Map<String, String> bearerParams() {
            Map<String, String> current = null;
            Map<String, String> bearer = null;
            while (true) {
                skip(" \t,");
                if (at >= text.length()) {
                    return bearer;
                }
                String token = token();
                if (token.isEmpty()) {
                    at++; // Not a token character: skip it rather than loop.
                    continue;
                }
                skip(" \t");
                if (at < text.length() && text.charAt(at) == '=') {
                    at++;
                    skip(" \t");
                    String value = value();
                    if (current != null) {
                        current.put(token.toLowerCase(Locale.ROOT), value);
                    }
                } else {
                    // A new scheme; later challenges must not overwrite the Bearer one.
                    current = bearer == null && token.equalsIgnoreCase("bearer") ? new HashMap<>() : null;
                    if (current != null) {
                        bearer = current;
                    }
                }
            }
        }

        private String token() {
            int start = at;
            while (at < text.length() && " \t,=\"".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            return text.substring(start, at);
        }

        private String value() {
            if (at < text.length() && text.charAt(at) == '"') {
                StringBuilder value = new StringBuilder();
                at++;
                while (at < text.length() && text.charAt(at) != '"') {
                    char c = text.charAt(at++);
                    if (c == '\\' && at < text.length()) {
                        c = text.charAt(at++);
                    }
                    value.append(c);
                }
                at++;
                return value.toString();
            }
            int start = at;
            while (at < text.length() && text.charAt(at) != ',') {
                at++;
            }
            return text.substring(start, at).strip();
        }

        private void skip(String chars) {
            while (at < text.length() && chars.indexOf(text.charAt(at)) >= 0) {
                at++;
            }
        }
    }
}
