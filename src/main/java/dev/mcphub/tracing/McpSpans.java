package dev.mcphub.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The server span of one MCP request a client makes. Its parent is the trace context in the request's
 * {@code params._meta} when the client put one there (the MCP conventions' propagation), else the HTTP side's:
 * the HTTP span of a batch or of a legacy {@code /messages} POST, or, when the request is the only one its POST
 * carries, the client's {@code traceparent} header, this span then being the POST's server span itself
 * ({@link PostSpan}). When both exist, the HTTP side's span is linked.
 */
final class McpSpans {
    private final Tracer tracer;
    private final TextMapPropagator propagator;

    McpSpans(Tracer tracer, TextMapPropagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    // The scope is handed to the returned span, whose end closes it (on the same thread): not a leak.
    @SuppressWarnings("MustBeClosedChecker")
    Tracing.McpSpan start(Tracing.McpRequest request) {
        Context current = Context.current();
        PostSpan post = current.get(PostSpan.KEY);
        boolean merged = post != null && request.alone() && post.claim();
        // The HTTP side: the client's header context when this span is the POST's server span, else the HTTP span.
        Context http = post == null ? current : merged ? post.parent() : post.forChildren();
        JsonNode meta = request.params() == null ? null : request.params().get("_meta");
        Context parent = http;
        if (meta != null && meta.has("traceparent")) {
            Context fromMeta = propagator.extract(http, meta, OtelTracing.META);
            if (Span.fromContext(fromMeta).getSpanContext().isValid()) {
                parent = fromMeta;
            }
        }
        SpanBuilder builder = tracer.spanBuilder(Semconv.spanName(request.method(), request.params()))
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(Semconv.MCP_METHOD, request.method());
        SpanContext linked = Span.fromContext(http).getSpanContext();
        if (parent != http && linked.isValid()) {
            builder.addLink(linked);
        }
        if (merged) {
            builder.setStartTimestamp(post.startNanos(), TimeUnit.NANOSECONDS);
        }
        Span span = builder.startSpan();
        if (span.isRecording()) { // A span sampled out gets no attributes: nothing is computed for them.
            describe(span, request);
        }
        if (merged) {
            post.merged(span);
        }
        Scope scope = http.with(span).makeCurrent();
        return new Tracing.McpSpan() {
            @Override
            public void failed(int code, String message) {
                String status = Integer.toString(code);
                span.setAttribute(Semconv.RPC_STATUS, status);
                span.setAttribute(Semconv.ERROR_TYPE, status);
                span.setStatus(StatusCode.ERROR, message);
            }

            @Override
            public void close() {
                scope.close();
                if (merged) {
                    post.dispatched(); // Ends the span once the response is out too.
                } else {
                    span.end();
                }
            }
        };
    }

    private static void describe(Span span, Tracing.McpRequest request) {
        span.setAttribute(Semconv.JSONRPC_VERSION, "2.0");
        span.setAttribute(Semconv.NETWORK_TRANSPORT, "tcp");
        span.setAttribute(Semconv.NETWORK_PROTOCOL, "http");
        Semconv.describe(span, request.method(), request.params());
        JsonNode id = request.id();
        if (id != null) { // A string or a number; anything else is written as JSON (serialized only then).
            span.setAttribute(
                    Semconv.JSONRPC_REQUEST_ID, id.isString() || id.isNumber() ? id.asString() : id.toString());
        }
        if (request.sessionId() != null) {
            span.setAttribute(Semconv.MCP_SESSION, request.sessionId());
        }
        if (request.protocolVersion() != null) {
            span.setAttribute(Semconv.MCP_PROTOCOL_VERSION, request.protocolVersion());
        }
    }
}
