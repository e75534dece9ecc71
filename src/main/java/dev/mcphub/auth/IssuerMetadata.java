package dev.mcphub.auth;

import dev.mcphub.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The authorization server's metadata (RFC 8414, else OpenID Connect discovery): where its keys and its
 * introspection endpoint are. Fetched on first need and kept; a failure is tried again after a pause, so an
 * issuer that is down at start-up does not need a hub restart.
 */
final class IssuerMetadata {
    private static final Duration RETRY = Duration.ofSeconds(5);
    private final URI issuer;
    private final HttpClient http;
    private volatile JsonNode metadata;
    private volatile long failedAtNanos;
    private volatile boolean failed;

    IssuerMetadata(URI issuer, HttpClient http) {
        this.issuer = issuer;
        this.http = http;
    }

    /** A field of the metadata (a URL), or null when it has none or it cannot be fetched now. */
    URI endpoint(String field) {
        JsonNode doc = document();
        String value = doc == null ? null : Json.string(doc, field);
        return value == null ? null : URI.create(value);
    }

    private JsonNode document() {
        JsonNode known = metadata;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (metadata != null) {
                return metadata;
            }
            if (failed && System.nanoTime() - failedAtNanos < RETRY.toNanos()) {
                return null;
            }
            for (URI candidate : candidates()) {
                JsonNode doc = fetch(candidate);
                if (doc != null && trimmed(issuer.toString()).equals(trimmed(Json.string(doc, "issuer")))) {
                    metadata = doc;
                    return doc;
                }
            }
            failed = true;
            failedAtNanos = System.nanoTime();
            return null;
        }
    }

    /**
     * The issuer exactly as its metadata spells it (a trailing slash or not), which is what its tokens carry in
     * {@code iss}; null when the metadata cannot be fetched now.
     */
    URI declaredIssuer() {
        JsonNode doc = document();
        return doc == null ? null : URI.create(Json.string(doc, "issuer"));
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.replaceAll("/+$", "");
    }

    /** RFC 8414 puts the well-known part before the issuer's path; OpenID Connect appends it. */
    private List<URI> candidates() {
        String base = issuer.getScheme() + "://" + issuer.getRawAuthority();
        String path = issuer.getRawPath() == null || issuer.getRawPath().equals("/") ? "" : issuer.getRawPath();
        String trimmed = issuer.toString().replaceAll("/+$", "");
        return List.of(
                URI.create(base + "/.well-known/oauth-authorization-server" + path),
                URI.create(trimmed + "/.well-known/openid-configuration"));
    }

    private JsonNode fetch(URI uri) {
        try {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(10))
                            .header("Accept", "application/json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200 ? Json.parse(response.body()) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
