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
import tools.jackson.databind.JsonNode;

/**
 * The server span of one MCP request a client makes. Its parent is the trace context in the request's
 * {@code params._meta} when the client put one there (the MCP conventions' propagation), else the HTTP
 * request's span; when both exist, the HTTP span is linked.
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
        JsonNode meta = request.params() == null ? null : request.params().get("_meta");
        Context parent = current;
        if (meta != null && meta.has("traceparent")) {
            Context fromMeta = propagator.extract(current, meta, OtelTracing.META);
            if (Span.fromContext(fromMeta).getSpanContext().isValid()) {
                parent = fromMeta;
            }
        }
        SpanBuilder builder = tracer.spanBuilder(Semconv.spanName(request.method(), request.params()))
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(Semconv.MCP_METHOD, request.method());
        SpanContext http = Span.fromContext(current).getSpanContext();
        if (parent != current && http.isValid()) {
            builder.addLink(http);
        }
        Span span = builder.startSpan();
        if (span.isRecording()) { // A span sampled out gets no attributes: nothing is computed for them.
            describe(span, request);
        }
        Scope scope = span.makeCurrent();
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
                span.end();
            }
        };
    }

    private static void describe(Span span, Tracing.McpRequest request) {
        span.setAttribute(Semconv.JSONRPC_VERSION, "2.0");
        span.setAttribute(Semconv.NETWORK_TRANSPORT, "tcp");
        span.setAttribute(Semconv.NETWORK_PROTOCOL, "http");
        Semconv.describe(span, request.method(), request.params());
        if (request.id() != null) {
            span.setAttribute(
                    Semconv.JSONRPC_REQUEST_ID,
                    request.id().asString(request.id().toString()));
        }
        if (request.sessionId() != null) {
            span.setAttribute(Semconv.MCP_SESSION, request.sessionId());
        }
        if (request.protocolVersion() != null) {
            span.setAttribute(Semconv.MCP_PROTOCOL_VERSION, request.protocolVersion());
        }
    }
}
