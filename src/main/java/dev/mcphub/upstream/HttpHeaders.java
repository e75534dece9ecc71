package dev.mcphub.upstream;

import dev.mcphub.upstream.oauth.OAuthSession;
import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The headers a remote server gets on every request: the config's {@code headers}, and an {@code
 * Authorization} header from OAuth when the server needs one (asked for per request, so a refreshed token is
 * used at once). {@code oauth} is null for servers the hub does not authorize itself.
 */
record HttpHeaders(Map<String, String> fixed, OAuthSession oauth) {
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    /** Whether the config already sets credentials, in which case the hub leaves authorization to them. */
    static boolean setsAuthorization(Map<String, String> fixed) {
        return fixed.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("authorization"));
    }

    /** The OAuth {@code Authorization} value for the next request, or null. */
    String authorization() {
        return oauth == null ? null : oauth.authorizationHeader();
    }

    /** The OAuth {@code Authorization} value held now, never waiting for a refresh. */
    String currentAuthorization() {
        return oauth == null ? null : oauth.currentHeader();
    }

    /** After a 401 to a request sent with {@code sent}: whether a retry with a renewed token may succeed. */
    boolean renew(String sent) {
        return oauth != null && oauth.renew(sent);
    }

    /** After a 403: the link that grants the scopes the server asks for, or null. */
    String stepUp(String wwwAuthenticate) {
        return oauth == null ? null : oauth.stepUp(wwwAuthenticate);
    }

    /** Sets the fixed headers and {@code authorization} (from {@link #authorization()}) on a request. */
    void applyTo(HttpRequest.Builder builder, String authorization) {
        applyTo(builder::setHeader, authorization);
    }

    /** The same through {@code setHeader}, for a client other than the JDK's. */
    void applyTo(BiConsumer<String, String> setHeader, String authorization) {
        fixed.forEach((name, value) -> {
            // The JDK client refuses these names; they are the transport's business anyway.
            if (value != null && !RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                setHeader.accept(name, value);
            }
        });
        if (authorization != null) {
            setHeader.accept("Authorization", authorization);
        }
    }
}
