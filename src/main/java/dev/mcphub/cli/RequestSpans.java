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
 * leaves, hours later, and measure nothing but that; the rest would only be noise. A Streamable HTTP POST that
 * carries one JSON-RPC request gets no span of its own: that request's MCP span is the server span.
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
        if (mergeable(request)) {
            return tracing.aroundMcpPost(request, response, callback, route);
        }
        return tracing.aroundHttp(request, response, callback, route);
    }

    /**
     * A POST to a Streamable HTTP endpoint: when it carries one request, that request's MCP span is its server
     * span. A legacy {@code /messages} POST is answered 202 before its request runs, so it keeps its own span.
     */
    static boolean mergeable(Request request) {
        String path = Request.getPathInContext(request);
        return "POST".equals(request.getMethod()) && !path.startsWith("/api/") && !path.endsWith("/messages");
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
