package dev.mcphub.tracing;

import dev.mcphub.json.Json;
import dev.mcphub.upstream.CallObserver;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import tools.jackson.databind.JsonNode;

/**
 * A client span for each request the hub sends to a server, a child of whatever span is current on the
 * caller's thread (the MCP request's or the REST request's). Its context is what the server is sent.
 */
final class UpstreamSpans implements CallObserver {
    private final Tracer tracer;

    UpstreamSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public Call start(String server, String transport, String method, JsonNode params) {
        SpanBuilder builder = tracer.spanBuilder(Semconv.spanName(method, params))
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(Semconv.SERVER, server)
                .setAttribute(Semconv.JSONRPC_VERSION, "2.0")
                .setAttribute(Semconv.NETWORK_TRANSPORT, "stdio".equals(transport) ? "pipe" : "tcp");
        if (!"stdio".equals(transport)) {
            builder.setAttribute(Semconv.NETWORK_PROTOCOL, "http");
        }
        Semconv.describe(builder, method, params);
        Span span = builder.startSpan();
        String traceparent = traceparent(span.getSpanContext());
        return new Call() {
            @Override
            public String traceparent() {
                return traceparent;
            }

            @Override
            public void end(Outcome outcome, JsonNode sent, JsonNode result) {
                span.setAttribute(Semconv.OUTCOME, outcome.label);
                if (sent != null) {
                    span.setAttribute(Semconv.REQUEST_SIZE, (long) Json.bytes(sent).length);
                }
                if (result != null) {
                    span.setAttribute(Semconv.RESPONSE_SIZE, (long) Json.bytes(result).length);
                }
                if (outcome != Outcome.OK) {
                    span.setAttribute(Semconv.ERROR_TYPE, outcome.label);
                    span.setStatus(StatusCode.ERROR);
                }
                span.end();
            }
        };
    }

    /** The W3C header value: version 00, trace id, span id, flags. */
    static String traceparent(SpanContext context) {
        if (!context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-"
                + context.getTraceFlags().asHex();
    }
}
