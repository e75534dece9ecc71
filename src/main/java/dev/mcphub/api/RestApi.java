package dev.mcphub.api;

import dev.mcphub.audit.AuditTrail;
import dev.mcphub.auth.Access;
import dev.mcphub.auth.Door;
import dev.mcphub.auth.Permission;
import dev.mcphub.config.ConfigEditor;
import dev.mcphub.config.HubConfig;
import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.http.CsrfToken;
import dev.mcphub.http.Exchange;
import dev.mcphub.hub.Hub;
import dev.mcphub.upstream.oauth.OAuthClients;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves {@code /api/*} from a route table. Every success body gets {@code timestamp}; every failure is a
 * JSON error body with the status {@link ApiErrors} gives its code. Handlers run on virtual threads and
 * may block.
 */
public final class RestApi {
    private static final Logger log = LoggerFactory.getLogger(RestApi.class);
    /** A page the browser shows: never cached, loads nothing, and never leaks its URL (it holds a code). */
    private static final Map<String, String> PAGE_HEADERS = Map.of(
            "Cache-Control", "no-store",
            "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer");

    private final Map<String, Map<String, Route>> byPath = new HashMap<>();
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, PageRoute> pages = new HashMap<>();
    private final Map<String, StreamRoute> streams = new HashMap<>();
    private final Set<String> guarded = new java.util.HashSet<>();
    private final Hub hub;
    private RestAccess access = new RestAccess(new AuditTrail(java.nio.file.Path.of("."), () -> false, false));
    private CsrfToken csrf;

    public RestApi(
            Hub hub, String version, HealthSources health, Supplier<HubConfig> configFromDisk, Runnable hardRestart) {
        this.hub = hub;
        add(new ServerRoutes(hub).routes());
        add(new HubRoutes(hub, version, health, configFromDisk, hardRestart).routes());
    }

    /** Audits calls and admin actions to {@code trail}, and serves {@code GET /api/audit} from it. */
    public RestApi audit(AuditTrail trail) {
        access = new RestAccess(trail);
        add(new AuditRoutes(trail).routes());
        return this;
    }

    /** Adds the marketplace routes. */
    public RestApi marketplace(dev.mcphub.marketplace.Marketplace marketplace) {
        add(new MarketplaceRoutes(marketplace).routes());
        return this;
    }

    /** Adds the profile routes. */
    public RestApi profiles(dev.mcphub.profiles.Profiles profiles) {
        add(new ProfileRoutes(profiles).routes());
        return this;
    }

    /** Adds the OAuth routes: authorize a server, the browser's callback, the manual callback. */
    public RestApi oauth(OAuthClients oauth, Browser browser) {
        OAuthRoutes oauthRoutes = new OAuthRoutes(hub, oauth, browser);
        add(oauthRoutes.routes());
        oauthRoutes.pages().forEach(page -> pages.put(page.path(), page));
        return this;
    }

    /**
     * Adds the routes the dashboard needs: a tool call with progress and cancel, stderr lines, call statistics,
     * the config with its sources, and validating and saving an edit. Those that change something need {@code
     * csrf}'s token.
     */
    public RestApi dashboard(CsrfToken csrf, ConfigEditor editor, boolean watched, HealthSources health) {
        this.csrf = csrf;
        CallRoutes calls = new CallRoutes(hub, csrf, health);
        add(calls.routes());
        guard(calls.guarded());
        calls.streams().forEach(stream -> streams.put(stream.path(), stream));
        guarded.addAll(calls.streams().stream().map(StreamRoute::path).toList());
        ConfigRoutes config = new ConfigRoutes(hub, editor, watched);
        add(config.routes());
        guard(config.guarded());
        return this;
    }

    private void guard(List<String> paths) {
        guarded.addAll(paths);
    }

    /** Every route, for the README and the start-up listing. */
    public List<String> describe() {
        List<String> all = new ArrayList<>(routes.stream()
                .map(r -> r.method() + " " + r.path() + "  " + r.description())
                .toList());
        pages.values().forEach(p -> all.add("GET " + p.path() + "  " + p.description()));
        streams.values().forEach(s -> all.add("POST " + s.path() + "  " + s.description()));
        return all;
    }

    void add(List<Route> more) {
        for (Route route : more) {
            routes.add(route);
            byPath.computeIfAbsent(route.path(), p -> new HashMap<>()).put(route.method(), route);
        }
    }

    public void handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        try {
            PageRoute page = pages.get(path);
            if (page != null) {
                servePage(page, request, response, callback);
                return;
            }
            if (csrf != null && guarded.contains(path)) {
                String refused = csrf.rejection(request);
                if (refused != null) {
                    throw new HubException(ErrorCode.FORBIDDEN, refused, Map.of("path", path));
                }
            }
            StreamRoute stream = streams.get(path);
            if (stream != null) {
                if (!"POST".equals(method)) {
                    methodNotAllowed(response, callback, method, path, Set.of("POST"));
                    return;
                }
                byte[] body = Exchange.body(request, Exchange.maxBodyBytes());
                ApiRequest streamed = new ApiRequest(query(request), body, Access.of(request));
                access.check("POST", path, streamed);
                stream.handler().handle(streamed, request, response, callback);
                return;
            }
            Map<String, Route> methods = byPath.get(path);
            if (methods == null) {
                throw new HubException(
                        ErrorCode.ROUTE_NOT_FOUND,
                        "Route " + method + " " + path + " not found",
                        Map.of("method", method, "path", path));
            }
            Route route = methods.get(method);
            if (route == null) {
                methodNotAllowed(response, callback, method, path, methods.keySet());
                return;
            }
            byte[] body = "GET".equals(method) ? new byte[0] : Exchange.body(request, Exchange.maxBodyBytes());
            JsonNode result = access.run(route, new ApiRequest(query(request), body, Access.of(request)));
            ObjectNode out = result instanceof ObjectNode object ? object : dev.mcphub.json.Json.object();
            out.put("timestamp", Instant.now().toString());
            Exchange.json(response, callback, 200, out);
        } catch (HubException e) {
            Object needs = e.data().get("needs");
            String challenge = e.code() == ErrorCode.FORBIDDEN && needs != null
                    ? Door.stepUp(request, Permission.parse(String.valueOf(needs)))
                    : null;
            if (challenge != null) {
                Exchange.json(response, callback, 403, ApiErrors.body(e), Map.of("WWW-Authenticate", challenge));
                return;
            }
            fail(response, callback, e, method, path);
        } catch (Exception e) {
            log.error("{} {} failed", method, path, e);
            fail(response, callback, new HubException(ErrorCode.INTERNAL_ERROR, "Internal error: " + e), method, path);
        }
    }

    private static void servePage(PageRoute route, Request request, Response response, Callback callback) {
        if (!"GET".equals(request.getMethod())) {
            methodNotAllowed(response, callback, request.getMethod(), route.path(), Set.of("GET"));
            return;
        }
        PageRoute.Page page = route.handler().handle(new ApiRequest(query(request), new byte[0], Access.of(request)));
        Exchange.bytes(
                response,
                callback,
                page.status(),
                "text/html; charset=utf-8",
                page.html().getBytes(StandardCharsets.UTF_8),
                PAGE_HEADERS);
    }

    private static void fail(Response response, Callback callback, HubException e, String method, String path) {
        int status = ApiErrors.status(e.code());
        if (status >= 500 && e.code() != ErrorCode.SERVER_NOT_CONNECTED) {
            Object server = e.data().get("server");
            log.warn("{}{} {}: {}", server == null ? "" : server + ": ", method, path, e.getMessage());
        }
        ApiErrors.send(response, callback, e);
    }

    private static void methodNotAllowed(
            Response response, Callback callback, String method, String path, Set<String> methods) {
        String allow = String.join(", ", methods.stream().sorted().toList());
        ApiErrors.send(response, callback, ApiErrors.methodNotAllowed(method, path, allow));
    }

    private static Map<String, String> query(Request request) {
        Map<String, String> query = new HashMap<>();
        Fields fields = Request.extractQueryParameters(request);
        fields.forEach(field -> query.put(field.getName(), field.getValue()));
        return query;
    }
}
