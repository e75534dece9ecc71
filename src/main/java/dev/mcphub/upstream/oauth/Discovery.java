package dev.mcphub.upstream.oauth;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Finds out how to get a token for a server: its protected-resource metadata (from the challenge's {@code
 * resource_metadata}, else the path-aware and root well-known URLs), then its authorization server's
 * metadata (RFC 8414 with path insertion, OpenID Connect discovery as the fallback). A server without
 * protected-resource metadata gets the 2025-03-26 rules: the authorization server at its origin, with the
 * default endpoints when even that has no metadata.
 */
final class Discovery {
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final OAuthHttp http;

    Discovery(OAuthHttp http) {
        this.http = http;
    }

    ProtectedResource resource(String server, URI serverUrl, Challenge challenge) {
        Set<URI> candidates = new LinkedHashSet<>();
        URI advertised = parse(challenge.resourceMetadata());
        if (advertised != null && isWeb(advertised)) {
            candidates.add(advertised);
        }
        String path = trimSlash(serverUrl.getRawPath());
        if (!path.isEmpty()) {
            candidates.add(origin(serverUrl).resolve("/.well-known/oauth-protected-resource" + path));
        }
        candidates.add(origin(serverUrl).resolve("/.well-known/oauth-protected-resource"));
        for (URI candidate : candidates) {
            OAuthHttp.Answer answer = fetch(candidate);
            if (answer != null && answer.ok()) {
                return resource(server, serverUrl, candidate, answer.json());
            }
        }
        return new ProtectedResource(canonical(serverUrl), origin(serverUrl).toString(), List.of(), null);
    }

    /**
     * The metadata of {@code issuer}. {@code advertised} says whether a resource named it (then metadata is
     * required) or it was assumed from the server's origin (then the default endpoints are the fallback).
     */
    AuthServer authServer(String server, String issuer, boolean advertised) {
        URI base = parse(issuer);
        if (base == null || !isWeb(base) || base.getHost() == null) {
            throw failure(server, "the authorization server '" + issuer + "' is not an http(s) URL");
        }
        requireSecure(server, "authorization server", base);
        for (URI candidate : metadataUrls(base)) {
            OAuthHttp.Answer answer = fetch(candidate);
            if (answer != null && answer.ok()) {
                return authServer(server, issuer, candidate, answer.json());
            }
        }
        if (advertised) {
            throw failure(
                    server,
                    "the authorization server " + issuer + " publishes no metadata (tried " + metadataUrls(base) + ")");
        }
        URI origin = origin(base);
        return new AuthServer(
                origin.toString(),
                origin.resolve("/authorize"),
                origin.resolve("/token"),
                origin.resolve("/register"),
                List.of(),
                List.of());
    }

    private ProtectedResource resource(String server, URI serverUrl, URI from, JsonNode metadata) {
        List<String> servers = strings(metadata.get("authorization_servers"));
        if (servers.isEmpty()) {
            throw failure(server, "the protected-resource metadata at " + from + " names no authorization server");
        }
        String resource = Json.string(metadata, "resource");
        if (resource == null) {
            resource = canonical(serverUrl);
        } else if (!covers(parse(resource), serverUrl)) {
            throw failure(
                    server,
                    "the protected-resource metadata at " + from + " is for " + resource + ", not for " + serverUrl);
        }
        return new ProtectedResource(
                resource, servers.getFirst(), strings(metadata.get("scopes_supported")), from.toString());
    }

    private AuthServer authServer(String server, String issuer, URI from, JsonNode metadata) {
        String stated = Json.string(metadata, "issuer");
        if (stated == null || !trimSlash(stated).equals(trimSlash(issuer))) {
            throw failure(server, "the metadata at " + from + " names issuer " + stated + ", not " + issuer);
        }
        if (!strings(metadata.get("code_challenge_methods_supported")).contains("S256")) {
            // The MCP spec: without advertised PKCE S256 support a client must refuse to go on.
            throw failure(server, "the authorization server " + issuer + " does not advertise PKCE (S256) support");
        }
        URI registration = endpoint(server, metadata, "registration_endpoint", false);
        return new AuthServer(
                stated,
                endpoint(server, metadata, "authorization_endpoint", true),
                endpoint(server, metadata, "token_endpoint", true),
                registration,
                strings(metadata.get("scopes_supported")),
                strings(metadata.get("token_endpoint_auth_methods_supported")));
    }

    private URI endpoint(String server, JsonNode metadata, String field, boolean required) {
        String value = Json.string(metadata, field);
        URI uri = parse(value);
        if (uri == null || !isWeb(uri) || uri.getHost() == null) {
            if (!required && value == null) {
                return null;
            }
            throw failure(server, "the authorization server's " + field + " is missing or not an http(s) URL");
        }
        requireSecure(server, field, uri);
        return uri;
    }

    static List<URI> metadataUrls(URI issuer) {
        URI origin = origin(issuer);
        String path = trimSlash(issuer.getRawPath());
        if (path.isEmpty()) {
            return List.of(
                    origin.resolve("/.well-known/oauth-authorization-server"),
                    origin.resolve("/.well-known/openid-configuration"));
        }
        return List.of(
                origin.resolve("/.well-known/oauth-authorization-server" + path),
                origin.resolve("/.well-known/openid-configuration" + path),
                origin.resolve(path + "/.well-known/openid-configuration"));
    }

    /** The server URL as a resource indicator: no fragment, scheme and host in lower case. */
    static String canonical(URI serverUrl) {
        String scheme = serverUrl.getScheme().toLowerCase(Locale.ROOT);
        String authority = serverUrl.getRawAuthority().toLowerCase(Locale.ROOT);
        String query = serverUrl.getRawQuery() == null ? "" : "?" + serverUrl.getRawQuery();
        String path = serverUrl.getRawPath() == null ? "" : serverUrl.getRawPath();
        return scheme + "://" + authority + path + query;
    }

    /** Whether a resource identifier covers the server: same origin, and a path that is the server's or above. */
    static boolean covers(URI resource, URI serverUrl) {
        if (resource == null || resource.getHost() == null || !origin(resource).equals(origin(serverUrl))) {
            return false;
        }
        String resourcePath = trimSlash(resource.getRawPath());
        String serverPath = trimSlash(serverUrl.getRawPath());
        return serverPath.equals(resourcePath) || serverPath.startsWith(resourcePath + "/");
    }

    static URI origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return URI.create(scheme + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT) + "/");
    }

    private OAuthHttp.Answer fetch(URI uri) {
        try {
            return http.get(uri);
        } catch (IOException | IllegalArgumentException e) {
            return null; // Unreachable counts as absent: the next candidate may answer.
        }
    }

    /** OAuth 2.1 needs TLS, except on loopback where a local authorization server runs for development. */
    private static void requireSecure(String server, String what, URI uri) {
        if (!"https".equalsIgnoreCase(uri.getScheme())
                && !LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            throw failure(server, "the " + what + " " + uri + " is not HTTPS");
        }
    }

    private static boolean isWeb(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
    }

    private static URI parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return URI.create(value.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String trimSlash(String path) {
        String trimmed = path == null ? "" : path;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        Json.elements(array).stream().filter(JsonNode::isString).forEach(value -> values.add(value.asString()));
        return List.copyOf(values);
    }

    static HubException failure(String server, String why) {
        return new HubException(
                ErrorCode.OAUTH_ERROR,
                "Server '" + server + "': OAuth discovery failed: " + why,
                Map.of("server", server));
    }
}
