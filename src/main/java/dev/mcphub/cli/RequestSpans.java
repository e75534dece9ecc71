package dev.mcphub.cli;

import dev.mcphub.tracing.Tracing;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Which HTTP requests get a span: every MCP POST or DELETE ({@code /mcp}, {@code /messages}, one server's or
 * one profile's endpoint) and every REST request, but not the long-lived streams (the event stream, an MCP GET
 * stream), scrapes of {@code /metrics}, the dashboard's files or CORS preflights, which would only be noise.
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
        String path = Request.getPathInContext(request);
        if (path.startsWith("/api/")) {
            return !path.equals("/api/events") && !"OPTIONS".equals(method);
        }
        boolean mcp = path.equals("/mcp")
                || path.equals("/messages")
                || path.startsWith("/servers/")
                || path.startsWith("/profiles/");
        return mcp && ("POST".equals(method) || "DELETE".equals(method));
    }
}
