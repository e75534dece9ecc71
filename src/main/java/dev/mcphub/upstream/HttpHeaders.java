package dev.mcphub.upstream;

import java.net.http.HttpRequest;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The headers a remote server gets on every request: the config's {@code headers}, and an {@code
 * Authorization} header from OAuth when the server needs one (fetched per request, so a refreshed token
 * is used at once).
 */
record HttpHeaders(Map<String, String> fixed, Supplier<String> authorization) {
    private static final java.util.Set<String> RESTRICTED =
            java.util.Set.of("connection", "content-length", "expect", "host", "upgrade");

    static HttpHeaders of(Map<String, String> fixed) {
        return new HttpHeaders(fixed, () -> null);
    }

    void applyTo(HttpRequest.Builder builder) {
        fixed.forEach((name, value) -> {
            // The JDK client refuses these names; they are the transport's business anyway.
            if (value != null && !RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                builder.setHeader(name, value);
            }
        });
        String token = authorization.get();
        if (token != null) {
            builder.setHeader("Authorization", token);
        }
    }
}
