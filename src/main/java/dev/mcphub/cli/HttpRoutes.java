package dev.mcphub.cli;

import dev.mcphub.api.ApiErrors;
import dev.mcphub.api.RestApi;
import dev.mcphub.auth.Access;
import dev.mcphub.auth.Door;
import dev.mcphub.dashboard.DashboardAssets;
import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.events.EventStream;
import dev.mcphub.events.ServerScope;
import dev.mcphub.http.Exchange;
import dev.mcphub.http.OriginGuard;
import dev.mcphub.mcp.McpEndpoint;
import dev.mcphub.metrics.MetricsEndpoint;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The one handler of the HTTP server: checks Origin and Host, answers CORS preflights for trusted
 * origins, lets the {@link Door} decide who is calling, and sends each path to its owner. Runs on a virtual thread per request (a blocking handler on
 * a thread pool with virtual threads), so owners may block.
 */
final class HttpRoutes extends Handler.Abstract {
    private final OriginGuard guard;
    private final Door door;
    private final RestApi api;
    private final EventStream events;
    private final McpEndpoint mcp;
    /** Null with {@code --no-metrics}: the path is then unknown (404). */
    private final MetricsEndpoint metrics;

    private final RequestSpans spans;
    private final DashboardAssets dashboard;

    HttpRoutes(
            OriginGuard guard,
            Door door,
            RestApi api,
            EventStream events,
            McpEndpoint mcp,
            DashboardAssets dashboard,
            MetricsEndpoint metrics,
            RequestSpans spans) {
        this.guard = guard;
        this.door = door;
        this.api = api;
        this.events = events;
        this.mcp = mcp;
        this.metrics = metrics;
        this.spans = spans;
        this.dashboard = dashboard;
    }

    private final InFlight inFlight = new InFlight();
    private @org.jspecify.annotations.Nullable Probes probes;

    /** Answers {@code /livez} and {@code /readyz} before any other check: balancers bring no credentials. */
    HttpRoutes probes(Probes probes) {
        this.probes = probes;
        return this;
    }

    InFlight inFlight() {
        return inFlight;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Probes health = probes;
        if (health != null && health.handles(Request.getPathInContext(request))) {
            health.answer(Request.getPathInContext(request), response, callback);
            return true;
        }
        // Requests that change or call something are counted for the drain; GETs are reads and standing streams.
        Callback counted = "GET".equals(request.getMethod()) ? callback : inFlight.track(callback);
        return spans.around(request, response, counted, this::route);
    }

    private boolean route(Request request, Response response, Callback callback) {
        String rejection = guard.rejection(request);
        if (rejection != null) {
            ApiErrors.send(response, callback, new HubException(ErrorCode.FORBIDDEN, rejection));
            return true;
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null) {
            allowOrigin(response, origin);
            if ("OPTIONS".equals(request.getMethod())) {
                Exchange.status(response, callback, 204, preflight(request));
                return true;
            }
        }
        String path = Request.getPathInContext(request);
        // The dashboard's own files hold no data (everything it shows comes through the API, behind the door), and
        // a browser cannot send a key with a page load: they are served to anyone, so the page can ask to sign in.
        if (dashboard.handles(request.getMethod(), path) && dashboard.serve(request, response, callback)) {
            return true;
        }
        // After the preflight, which browsers send without credentials; before every owner of a path.
        if (door.admit(request, response, callback) == null) {
            return true;
        }
        if (path.equals("/api/events") || path.equals("/events")) {
            if (!"GET".equals(request.getMethod())) {
                ApiErrors.send(response, callback, ApiErrors.methodNotAllowed(request.getMethod(), path, "GET"));
                return true;
            }
            Access access = Access.of(request);
            return events.handle(
                    request,
                    response,
                    callback,
                    access.allServers() ? ServerScope.ALL : ServerScope.only(access::mayUse));
        }
        if (path.startsWith("/api/")) {
            api.handle(request, response, callback);
            return true;
        }
        if (metrics != null && path.equals(MetricsEndpoint.PATH)) {
            metrics.handle(request, response, callback);
            return true;
        }
        if (mcp.handles(path)) {
            mcp.handle(request, response, callback);
            return true;
        }
        ApiErrors.send(
                response,
                callback,
                new HubException(
                        ErrorCode.ROUTE_NOT_FOUND,
                        "Route " + request.getMethod() + " " + path + " not found",
                        Map.of("method", request.getMethod(), "path", path)));
        return true;
    }

    private static void allowOrigin(Response response, String origin) {
        response.getHeaders().put("Access-Control-Allow-Origin", origin);
        response.getHeaders().put("Vary", "Origin");
        response.getHeaders()
                .put("Access-Control-Expose-Headers", "Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate");
    }

    private static Map<String, String> preflight(Request request) {
        String headers = request.getHeaders().get("Access-Control-Request-Headers");
        return Map.of(
                "Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS",
                "Access-Control-Allow-Headers",
                        headers != null
                                ? headers
                                : "Authorization, Content-Type, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID",
                "Access-Control-Max-Age", "600");
    }
}
