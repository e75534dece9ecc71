package dev.mcphub.auth;

import dev.mcphub.http.Exchange;
import dev.mcphub.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The dashboard's sign-in at the hub's authorization server, as an OAuth public client with PKCE. The page
 * cannot do it all by itself: authorization servers rarely allow registration or (for an unknown origin) the
 * token request from a browser, and the page's policy lets it talk to the hub only. So the hub names the
 * client ({@code --auth-dashboard-client-id}, or one it registers once at the issuer, RFC 7591, with the hub's
 * own URL as redirect), the page sends the person to the authorization endpoint with its own PKCE verifier, and
 * hands the code and verifier back here, where they are traded for an access token that goes to the page and
 * is kept nowhere in the hub. Both routes are public: they hold nothing a stranger could use.
 */
final class DashboardSignIn {
    static final String CONFIG = "/api/auth/dashboard";
    static final String EXCHANGE = "/api/auth/exchange";
    private static final String SCOPE = "mcp:read mcp:call mcp:admin";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final AuthSettings settings;
    private final Supplier<URI> resource;
    private final @Nullable IssuerMetadata metadata;
    private final HttpClient http;
    private volatile @Nullable String registered;

    DashboardSignIn(AuthSettings settings, Supplier<URI> resource, HttpClient http) {
        this.settings = settings;
        this.resource = resource;
        this.http = http;
        this.metadata = settings.issuer() == null ? null : new IssuerMetadata(settings.issuer(), http);
    }

    boolean handles(String path) {
        return path.equals(CONFIG) || path.equals(EXCHANGE);
    }

    void handle(String path, Request request, Response response, Callback callback) {
        try {
            if (path.equals(CONFIG)) {
                Exchange.json(response, callback, 200, config(), Map.of("Cache-Control", "no-store"));
            } else if (!"POST".equals(request.getMethod())) {
                Exchange.status(response, callback, 405, Map.of("Allow", "POST"));
            } else {
                Exchange.json(
                        response,
                        callback,
                        200,
                        exchange(Json.parse(Exchange.body(request, 64 * 1024))),
                        Map.of("Cache-Control", "no-store"));
            }
        } catch (SignInFailed | IOException | RuntimeException e) {
            ObjectNode body = Json.object().put("error", e.getMessage()).put("code", "OAUTH_ERROR");
            Exchange.json(response, callback, 400, body, Map.of("Cache-Control", "no-store"));
        }
    }

    /** What the page needs to start: {@code {oauth:false}} when the hub has no issuer to sign in at. */
    private ObjectNode config() throws SignInFailed {
        ObjectNode body = Json.object();
        URI authorize = metadata == null ? null : metadata.endpoint("authorization_endpoint");
        String client = authorize == null ? null : clientId();
        body.put("oauth", client != null);
        if (authorize != null && client != null) {
            body.put("issuer", settings.issuer().toString());
            body.put("authorizationEndpoint", authorize.toString());
            body.put("clientId", client);
            body.put("resource", resource.get().toString());
            body.put("redirectUri", redirectUri());
            body.put("scope", SCOPE);
        }
        return body;
    }

    private ObjectNode exchange(JsonNode request) throws SignInFailed {
        String code = Json.string(request, "code");
        String verifier = Json.string(request, "code_verifier");
        if (code == null || verifier == null) {
            throw new SignInFailed("Missing code or code_verifier");
        }
        URI token = metadata == null ? null : metadata.endpoint("token_endpoint");
        String client = clientId();
        if (token == null || client == null) {
            throw new SignInFailed("This hub offers no sign-in at an authorization server");
        }
        JsonNode answer = post(
                token,
                "application/x-www-form-urlencoded",
                form(Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code,
                        "code_verifier",
                        verifier,
                        "redirect_uri",
                        redirectUri(),
                        "client_id",
                        client,
                        "resource",
                        resource.get().toString())));
        String access = Json.string(answer, "access_token");
        if (access == null) {
            String reason = Json.string(answer, "error_description");
            throw new SignInFailed("The authorization server refused the sign-in: "
                    + (reason != null ? reason : String.valueOf(Json.string(answer, "error"))));
        }
        // Only what the page uses: a refresh token would outlive the tab's need for it.
        ObjectNode out = Json.object().put("access_token", access);
        if (answer.has("expires_in")) {
            out.set("expires_in", answer.get("expires_in"));
        }
        return out;
    }

    /** The page's own address, where the authorization server sends the person back. */
    private String redirectUri() {
        return resource.get().toString().replaceAll("/+$", "") + "/";
    }

    private @Nullable String clientId() throws SignInFailed {
        if (settings.dashboardClientId() != null) {
            return settings.dashboardClientId();
        }
        String known = registered;
        if (known != null) {
            return known;
        }
        URI registration = metadata == null ? null : metadata.endpoint("registration_endpoint");
        if (registration == null) {
            return null;
        }
        synchronized (this) {
            if (registered == null) {
                ObjectNode client = Json.object()
                        .put("client_name", "mcp-hub dashboard")
                        .put("token_endpoint_auth_method", "none")
                        .put("scope", SCOPE);
                client.putArray("redirect_uris").add(redirectUri());
                client.putArray("grant_types").add("authorization_code");
                client.putArray("response_types").add("code");
                String id = Json.string(post(registration, "application/json", Json.text(client)), "client_id");
                if (id == null) {
                    throw new SignInFailed("The authorization server did not register the dashboard");
                }
                registered = id;
                return id;
            }
            return registered;
        }
    }

    private JsonNode post(URI endpoint, String type, String body) throws SignInFailed {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(TIMEOUT)
                .header("Content-Type", type)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return Json.parse(
                    http.send(request, HttpResponse.BodyHandlers.ofByteArray()).body());
        } catch (IOException | RuntimeException e) {
            throw new SignInFailed("The authorization server did not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignInFailed("Interrupted");
        }
    }

    private static String form(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> out.append(out.isEmpty() ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }

    /** Why the sign-in could not go on, in words for the page (no code, verifier or token in them). */
    static final class SignInFailed extends Exception {
        SignInFailed(String reason) {
            super(reason, null, false, false);
        }
    }
}
