package dev.mcphub.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.sdk.common.Clock;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The server span of an MCP POST, decided late: the hub cannot tell from the headers whether the body is one
 * JSON-RPC request, a batch or only notifications. When it is one request, that request's MCP span is the server
 * span (started when the POST arrived, with the HTTP attributes, ended when both the answer is computed and the
 * response is sent); one span per call instead of an HTTP span wrapping an MCP span that says the same. Otherwise
 * (a batch, notifications, a refusal before any dispatch) an ordinary HTTP span is made, back-dated to the
 * POST's arrival, and is the parent of whatever MCP spans the POST has.
 *
 * <p>Which thread ends what varies (the answer may be written after the dispatch returns, or the client may go
 * away first), so the few state changes are synchronized; there is no contention, one POST is one owner.
 */
final class PostSpan {
    static final ContextKey<PostSpan> KEY = ContextKey.named("mcphub-post-span");

    private final Tracer tracer;
    private final Context parent;
    private final long startNanos;
    private final String method;
    private final String route;
    private final String path;
    private final @Nullable String userAgent;

    private @Nullable Span span;
    private boolean merged;
    private boolean dispatchDone;
    private boolean httpDone;
    private int status = -1;
    private @Nullable Throwable failure;

    PostSpan(Tracer tracer, Context parent, String method, String route, String path, @Nullable String userAgent) {
        this.tracer = tracer;
        this.parent = parent;
        this.startNanos = Clock.getDefault().now();
        this.method = method;
        this.route = route;
        this.path = path;
        this.userAgent = userAgent;
    }

    /** The trace context the client sent in its HTTP headers (or the root). */
    Context parent() {
        return parent;
    }

    long startNanos() {
        return startNanos;
    }

    /** True when the caller's MCP span becomes this POST's server span; false once an HTTP span exists. */
    synchronized boolean claim() {
        if (span != null || merged) {
            return false;
        }
        merged = true;
        return true;
    }

    /** The claimed MCP span, started: it gets the HTTP request's attributes. */
    synchronized void merged(Span mcpSpan) {
        span = mcpSpan;
        if (mcpSpan.isRecording()) {
            describe(mcpSpan);
        }
    }

    /** The context under which the POST's MCP requests run when none of them is the server span (a batch). */
    synchronized Context forChildren() {
        if (merged) {
            return parent; // Not reached: a POST with one request has no second one.
        }
        return parent.with(httpSpan());
    }

    /** The merged span's request was answered: it ends now if the response is already out. */
    synchronized void dispatched() {
        dispatchDone = true;
        if (httpDone) {
            finish();
        }
    }

    /** The HTTP exchange ended ({@code status} -1 when the handler threw). */
    synchronized void httpEnded(int responseStatus, @Nullable Throwable cause) {
        if (httpDone) { // A handler that threw may still see its callback failed: the first end counts.
            return;
        }
        httpDone = true;
        status = responseStatus;
        failure = cause;
        if (!merged) {
            httpSpan();
            finish();
        } else if (dispatchDone) {
            finish();
        }
    }

    private Span httpSpan() {
        Span http = span;
        if (http == null) {
            http = tracer.spanBuilder(method + " " + route)
                    .setParent(parent)
                    .setSpanKind(SpanKind.SERVER)
                    .setStartTimestamp(startNanos, TimeUnit.NANOSECONDS)
                    .setAttribute(OtelTracing.HTTP_METHOD, method)
                    .setAttribute(OtelTracing.HTTP_ROUTE, route)
                    .startSpan();
            if (http.isRecording()) {
                http.setAttribute(OtelTracing.URL_PATH, path);
                http.setAttribute(OtelTracing.USER_AGENT, userAgent);
            }
            span = http;
        }
        return http;
    }

    private void describe(Span target) {
        target.setAttribute(OtelTracing.HTTP_METHOD, method);
        target.setAttribute(OtelTracing.HTTP_ROUTE, route);
        target.setAttribute(OtelTracing.URL_PATH, path);
        target.setAttribute(OtelTracing.USER_AGENT, userAgent);
    }

    private void finish() {
        Span done = span;
        if (done == null) {
            return;
        }
        if (failure != null) {
            done.recordException(failure);
        }
        if (status >= 0) {
            done.setAttribute(OtelTracing.HTTP_STATUS, (long) status);
        }
        if (status >= 500 || status < 0) {
            String type = status >= 0
                    ? Integer.toString(status)
                    : failure == null ? "_OTHER" : failure.getClass().getName();
            done.setAttribute(OtelTracing.ERROR_TYPE, type);
            done.setStatus(StatusCode.ERROR);
        }
        done.end();
    }
}
