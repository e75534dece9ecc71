package dev.mcphub.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Keeps web pages from driving a hub that listens on localhost. A request carrying an {@code Origin} must
 * come from a loopback origin (any port) or one the user allowed; when the hub listens on loopback, the
 * {@code Host} must name a loopback address too (DNS rebinding). Requests without {@code Origin} are
 * programs, not pages, and pass.
 */
public final class OriginGuard {
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final boolean checkHost;
    private final Set<String> allowedOrigins;

    /**
     * @param loopbackOnly the hub listens on a loopback address only, so Host is checked
     * @param allowedOrigins further origins (scheme://host[:port]) the user trusts
     */
    public OriginGuard(boolean loopbackOnly, List<String> allowedOrigins) {
        this.checkHost = loopbackOnly;
        this.allowedOrigins =
                Set.copyOf(allowedOrigins.stream().map(OriginGuard::normalize).toList());
    }

    /** Null when the request may proceed, else the reason it may not (for a 403). */
    public String rejection(Request request) {
        if (checkHost) {
            String host = request.getHeaders().get(HttpHeader.HOST);
            if (host != null && !LOOPBACK_HOSTS.contains(hostName(host))) {
                return "Host '" + host + "' is not allowed: the hub only answers to localhost";
            }
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null && !allowed(origin)) {
            return "Origin '" + origin + "' is not allowed";
        }
        return null;
    }

    /** Whether a (present) Origin may use the hub, which also decides the CORS answer. */
    public boolean allowed(String origin) {
        if (allowedOrigins.contains(normalize(origin))) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            String scheme = uri.getScheme();
            return uri.getHost() != null
                    && ("http".equals(scheme) || "https".equals(scheme))
                    && LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String hostName(String hostHeader) {
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static String normalize(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
