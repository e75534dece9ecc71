package dev.mcphub.auth;

import dev.mcphub.http.Exchange;
import dev.mcphub.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one check at the hub's door. Without authentication configured every request gets {@link
 * Access#LOCAL}, as before. With it, every request needs {@code Authorization: Bearer} with an API key or an
 * access token (or, for the event stream only, a ticket), except the discovery documents and the OAuth
 * callback (and the dashboard's static files, which the HTTP routes serve before asking the door, and its
 * sign-in routes, {@link DashboardSignIn}); a missing or bad credential gets 401 with the RFC 9728 challenge, one without even the read
 * permission 403 {@code insufficient_scope}. The access is attached to the request for the handlers behind.
 */
public final class Door implements AutoCloseable {
    private static final String METADATA = ProtectedResource.METADATA;
    private static final String TICKETS = "/api/auth/ticket";
    private static final String WHOAMI = "/api/auth/whoami";
    private static final String KEY = "key:";

    private final AuthSettings settings;
    private final ApiKeys keys;
    private final Tokens tokens;
    private final Tickets tickets;
    private final FailedSignIns failures;
    private final OpenStreams streams;
    private final Supplier<URI> resourceUrl;
    private final ProtectedResource resource;
    private final DashboardSignIn dashboard;
    /** Authentication was configured at start: it stays on, even if the key file goes away (then nobody gets in). */
    private final boolean enabledAtStart;

    /**
     * @param resource the hub's canonical resource URL, asked when first needed (the port may be bound late)
     * @param failures where failed sign-ins are reported (rate-limited here)
     */
    public Door(
            AuthSettings settings,
            Supplier<URI> resource,
            FailedSignIns.SignInFailure failures,
            HttpClient http,
            Clock clock) {
        this.settings = settings;
        this.resourceUrl = resource;
        this.resource = new ProtectedResource(settings.issuer(), resource, settings.oauth());
        this.keys = new ApiKeys(new KeyFile(settings.keyFile()), clock);
        this.tokens = settings.oauth() ? new Tokens(settings, resource, http, clock) : null;
        this.tickets = new Tickets(clock);
        this.dashboard = new DashboardSignIn(settings, resource, http);
        this.failures = new FailedSignIns(failures, clock);
        this.streams = new OpenStreams(keys::stillValid);
        this.enabledAtStart = settings.enabled();
    }

    /** Shares the API keys and their revocations with the other replicas of a cluster; before the first request. */
    public void shareKeys(SharedKeys store) {
        keys.share(store);
    }

    /**
     * Whether credentials are needed: authentication was configured at start, or the first API key was created
     * since (a hub on loopback becomes guarded within a second of {@code mcp-hub keys create}).
     */
    public boolean enabled() {
        return enabledAtStart || (settings.apiKeys() && keys.present());
    }

    /**
     * Decides a request: the access to go on with, or null when the door has answered it (a challenge, a
     * refusal, a discovery document, a ticket).
     */
    public Access admit(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (path.equals(METADATA) || path.startsWith(METADATA + "/")) {
            resource.metadata(response, callback);
            return null;
        }
        if (dashboard.handles(path)) {
            dashboard.handle(path, request, response, callback);
            return null;
        }
        if (!enabled()) {
            request.setAttribute(Access.ATTRIBUTE, Access.LOCAL);
            if (path.equals(WHOAMI)) {
                own(path, Access.LOCAL, request, response, callback); // A page asks before it knows to sign in.
                return null;
            }
            return Access.LOCAL;
        }
        if (path.equals("/api/oauth/callback")) {
            // The browser's redirect from an upstream's authorization server: it carries state, not credentials.
            request.setAttribute(Access.ATTRIBUTE, Access.NONE);
            return Access.NONE;
        }
        Access access = authenticate(request, response, callback, path);
        if (access == null) {
            return null;
        }
        if (!access.allows(Permission.READ)) {
            resource.refuse(
                    response,
                    callback,
                    path,
                    403,
                    "insufficient_scope",
                    access.lacks(Permission.READ, "every request"));
            return null;
        }
        request.setAttribute(Access.ATTRIBUTE, access);
        request.setAttribute(Door.class.getName(), this);
        if (path.equals(TICKETS) || path.equals(WHOAMI)) {
            own(path, access, request, response, callback);
            return null;
        }
        if (access.who().startsWith(KEY) && isStream(request, path)) {
            // A stream outlives this check: it is cut when its key is revoked.
            streams.watch(request, access.who().substring(KEY.length()));
        }
        return access;
    }

    private Access authenticate(Request request, Response response, Callback callback, String path) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        String credential = bearer(header);
        if (credential == null && isEventStream(path)) {
            String ticket = Request.extractQueryParameters(request).getValue("ticket");
            if (ticket != null) {
                Access access = tickets.redeem(ticket);
                if (access == null) {
                    return failed(
                            request, response, callback, path, "The event-stream ticket is unknown, spent or expired");
                }
                return access;
            }
        }
        if (credential == null) {
            String reason = header == null ? null : "The Authorization header must be 'Bearer <key or token>'";
            if (reason != null) {
                return failed(request, response, callback, path, reason);
            }
            resource.refuse(
                    response,
                    callback,
                    path,
                    401,
                    null,
                    "Authentication required: send Authorization: Bearer <key or token>");
            return null;
        }
        if (credential.startsWith(ApiKeys.PREFIX) && settings.apiKeys()) {
            Access access = keys.check(credential);
            return access != null
                    ? access
                    : failed(request, response, callback, path, "The API key is unknown, revoked or expired");
        }
        if (tokens == null) {
            return failed(request, response, callback, path, "Unknown API key (this hub accepts no OAuth tokens)");
        }
        try {
            return tokens.verify(credential);
        } catch (TokenRefused e) {
            return failed(request, response, callback, path, e.getMessage());
        }
    }

    private Access failed(Request request, Response response, Callback callback, String path, String reason) {
        failures.failed(Request.getRemoteAddr(request), path, reason);
        resource.refuse(response, callback, path, 401, "invalid_token", reason);
        return null;
    }

    private void own(String path, Access access, Request request, Response response, Callback callback) {
        ObjectNode body = Json.object();
        if (path.equals(TICKETS)) {
            if (!"POST".equals(request.getMethod())) {
                Exchange.status(response, callback, 405, Map.of("Allow", "POST"));
                return;
            }
            body.put("ticket", tickets.issue(access));
            body.put("expiresIn", Tickets.LIFETIME.toSeconds());
            body.put("use", "GET /api/events?ticket=<ticket>, once");
        } else {
            body.put("authentication", enabled());
            body.put("who", access.who());
            body.put("client", access.client());
            var scopes = body.putArray("scopes");
            for (Permission p : Permission.values()) {
                if (access.allows(p)) {
                    scopes.add(p.word());
                }
            }
            if (!access.allServers()) {
                var servers = body.putArray("servers");
                access.servers().stream().sorted().forEach(servers::add);
            }
            if (access.boundToProfiles()) {
                var profiles = body.putArray("profiles");
                access.profiles().stream().sorted().forEach(profiles::add);
            }
        }
        body.put("timestamp", Instant.now().toString());
        Exchange.json(response, callback, 200, body, Map.of("Cache-Control", "no-store"));
    }

    /**
     * The {@code WWW-Authenticate} value of a 403 for want of {@code needed} on a request this door let in
     * (so that an OAuth client can ask for more scope: step-up authorization), or null when the hub has no
     * authentication and a 403 would be meaningless.
     */
    public static String stepUp(Request request, Permission needed) {
        return request.getAttribute(Door.class.getName()) instanceof Door door
                ? door.resource.stepUp(Request.getPathInContext(request), needed)
                : null;
    }

    /** The event stream, or an MCP GET stream (standing or legacy). */
    private static boolean isStream(Request request, String path) {
        if (!"GET".equals(request.getMethod())) {
            return false;
        }
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        return isEventStream(path) || (accept != null && accept.contains("text/event-stream"));
    }

    private static boolean isEventStream(String path) {
        return path.equals("/api/events") || path.equals("/events");
    }

    private static String bearer(String header) {
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String value = header.substring(7).trim();
        return value.isEmpty() ? null : value;
    }

    /** For the start-up line: what the door accepts. */
    public String describe() {
        if (!enabled()) {
            return "no authentication";
        }
        StringBuilder what = new StringBuilder();
        if (settings.apiKeys() && keys.configured()) {
            what.append("API keys (").append(settings.keyFile()).append(')');
        }
        if (tokens != null) {
            what.append(what.isEmpty() ? "" : " and ")
                    .append("OAuth access tokens from ")
                    .append(settings.issuer() != null ? settings.issuer() : settings.jwksUri())
                    .append(" for ")
                    .append(resourceUrl.get());
        }
        return what.toString();
    }

    @Override
    public void close() {
        streams.close();
    }
}
