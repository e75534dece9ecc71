package dev.mcphub.cli;

import dev.mcphub.metrics.MetricsEndpoint;
import dev.mcphub.tracing.Tracing;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Which HTTP requests get a span: every {@code /mcp} and REST request, but not the long-lived streams (the
 * event stream, an MCP GET stream), scrapes of {@code /metrics} or CORS preflights, which would only be noise.
 */
final class RequestSpans {
    private final Tracing tracing;

    RequestSpans(Tracing tracing) {
        this.tracing = tracing;
    }

    boolean around(Request request, Response response, Callback callback, Tracing.Handler route) {
        if (!tracing.enabled() || !traced(request)) {
            return route.handle(request, response, callback);
        }
        return tracing.aroundHttp(request, response, callback, route);
    }

    static boolean traced(Request request) {
        String method = request.getMethod();
        if ("OPTIONS".equals(method)) {
            return false;
        }
        String path = Request.getPathInContext(request);
        if (path.equals(MetricsEndpoint.PATH) || path.equals("/api/events") || path.equals("/events")) {
            return false;
        }
        return !("GET".equals(method) && (path.equals("/mcp") || path.endsWith("/mcp")));
    }
}
