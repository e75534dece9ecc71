package dev.mcphub.api;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.hub.Hub;
import dev.mcphub.hub.ServerView;
import dev.mcphub.json.Json;
import dev.mcphub.upstream.UpstreamState;
import dev.mcphub.upstream.oauth.AuthorizationResponse;
import dev.mcphub.upstream.oauth.OAuthClients;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The OAuth routes of the reference: the link that authorizes a server (opened in the browser when there is
 * one), the callback the browser returns to, and the manual callback for hubs without a browser (the user
 * pastes the URL the browser was sent to). A completed authorization reconnects the server; a failed one
 * reconnects it too, for a fresh link, when it got as far as a server's pending authorization.
 */
final class OAuthRoutes {
    private static final Logger log = LoggerFactory.getLogger(OAuthRoutes.class);
    private static final List<String> CALLBACK_PARAMETERS =
            List.of("code", "state", "error", "error_description", "server_name");

    private final Hub hub;
    private final OAuthClients oauth;
    private final Browser browser;

    OAuthRoutes(Hub hub, OAuthClients oauth, Browser browser) {
        this.hub = hub;
        this.oauth = oauth;
        this.browser = browser;
    }

    List<Route> routes() {
        return List.of(
                new Route(
                        "POST",
                        "/api/servers/authorize",
                        "The link that authorizes the hub for a server (opened in the browser)",
                        this::authorize),
                new Route(
                        "POST",
                        "/api/oauth/manual_callback",
                        "Complete an authorization from the redirect URL the browser was sent to",
                        this::manualCallback));
    }

    List<PageRoute> pages() {
        return List.of(new PageRoute(
                "/api/oauth/callback", "Where the browser comes back after authorizing a server", this::callback));
    }

    private JsonNode authorize(ApiRequest request) {
        String name = request.requireString("server_name", "Missing server name ('server_name' in the request body)");
        ServerView view = hub.server(name);
        String url = oauth.authorizationUrl(name);
        if (url == null && view.state() instanceof UpstreamState.Unauthorized unauthorized) {
            url = unauthorized.authorizationUrl();
        }
        if (url == null) {
            throw new HubException(
                    ErrorCode.VALIDATION_ERROR,
                    "No authorization URL available for server '" + name + "'",
                    Map.of("server", name, "status", view.state().status()));
        }
        browser.open(url);
        return Json.object().put("authorizationUrl", url);
    }

    private JsonNode manualCallback(ApiRequest request) {
        String url = request.requireString("url", "Missing URL parameter ('url' in the request body)");
        AuthorizationResponse response = AuthorizationResponse.fromUrl(url);
        if ((response.code() == null && response.error() == null) || response.state() == null) {
            throw new HubException(
                    ErrorCode.VALIDATION_ERROR,
                    "Missing code or state parameter in the URL (paste the whole address the browser was sent to)",
                    Map.of("field", "url"));
        }
        String server = finish(response);
        return Json.object()
                .put("status", "ok")
                .put("message", "Authorization successful for server '" + server + "'")
                .put("server_name", server);
    }

    private PageRoute.Page callback(ApiRequest request) {
        Map<String, String> query = new HashMap<>();
        CALLBACK_PARAMETERS.forEach(name -> {
            String value = request.query(name);
            if (value != null) {
                query.put(name, value);
            }
        });
        try {
            return CallbackPage.success(finish(AuthorizationResponse.fromQuery(query)));
        } catch (HubException e) {
            return CallbackPage.failure(e.getMessage());
        }
    }

    /** Completes the authorization and reconnects the server; returns its name. */
    private String finish(AuthorizationResponse response) {
        String server;
        try {
            server = oauth.complete(response);
        } catch (HubException e) {
            log.warn("{}authorization failed: {}", prefix(e), e.getMessage());
            if (e.data().get("server") instanceof String name) {
                reconnectQuietly(name);
            }
            throw e;
        }
        ServerView view = hub.reconnectServer(server);
        if (view.state() instanceof UpstreamState.Disconnected down && down.failed()) {
            throw new HubException(
                    ErrorCode.CONNECTION_ERROR,
                    "Server '" + server + "' was authorized but failed to connect: " + down.reason(),
                    Map.of("server", server));
        }
        if (view.state() instanceof UpstreamState.Unauthorized) {
            throw new HubException(
                    ErrorCode.OAUTH_ERROR,
                    "Server '" + server + "' was authorized but still refuses the hub's token",
                    Map.of("server", server));
        }
        return server;
    }

    /** A failed authorization used up its link: reconnecting makes the server ask for a new one. */
    private void reconnectQuietly(String server) {
        try {
            hub.reconnectServer(server);
        } catch (HubException e) {
            log.debug("{}: could not reconnect after a failed authorization: {}", server, e.getMessage());
        }
    }

    private static String prefix(HubException e) {
        return e.data().get("server") instanceof String name ? name + ": " : "";
    }
}
