package dev.mcphub.cli;

import dev.mcphub.tracing.Tracing;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Which HTTP requests get a span: every MCP POST or DELETE ({@code /mcp}, {@code /messages}, one server's or
 * one profile's endpoint) and every REST request, but not the long-lived streams (the event stream, an MCP GET
 * stream, a 2026-07-28 {@code subscriptions/listen} POST, which its {@code Mcp-Method} header names), scrapes of
 * {@code /metrics}, the dashboard's files or CORS preflights. A stream's span would end only when the client
 * leaves, hours later, and measure nothing but that; the rest would only be noise.
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
        if ("POST".equals(method)) {
            return mcp && !"subscriptions/listen".equals(request.getHeaders().get("Mcp-Method"));
        }
        return mcp && "DELETE".equals(method);
    }
}
