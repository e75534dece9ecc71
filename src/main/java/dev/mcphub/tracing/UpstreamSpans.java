package dev.mcphub.tracing;

import dev.mcphub.upstream.CallObserver;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import tools.jackson.databind.JsonNode;

/**
 * A client span for each request the hub sends to a server, a child of whatever span is current on the
 * caller's thread (the MCP request's or the REST request's). Its context is what the server is sent.
 *
 * <p>Only the method goes in before the sampler decides; the other attributes are set once the span is known
 * to be recorded, so that a span sampled out costs its context and nothing more. Sizes are those the transport
 * wrote and read, never a second serialization.
 */
final class UpstreamSpans implements CallObserver {
    private final Tracer tracer;

    UpstreamSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public Call start(String server, String transport, String method, JsonNode params) {
        Span span = tracer.spanBuilder(Semconv.spanName(method, params))
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(Semconv.MCP_METHOD, method)
                .startSpan();
        if (span.isRecording()) {
            boolean stdio = "stdio".equals(transport);
            span.setAttribute(Semconv.SERVER, server);
            span.setAttribute(Semconv.JSONRPC_VERSION, "2.0");
            span.setAttribute(Semconv.NETWORK_TRANSPORT, stdio ? "pipe" : "tcp");
            if (!stdio) {
                span.setAttribute(Semconv.NETWORK_PROTOCOL, "http");
            }
            Semconv.describe(span, method, params);
        }
        String traceparent = traceparent(span.getSpanContext());
        return new Call() {
            @Override
            public String traceparent() {
                return traceparent;
            }

            @Override
            public void end(Outcome outcome, long sentBytes, long receivedBytes) {
                if (span.isRecording()) {
                    span.setAttribute(Semconv.OUTCOME, outcome.label);
                    if (sentBytes >= 0) {
                        span.setAttribute(Semconv.REQUEST_SIZE, sentBytes);
                    }
                    if (receivedBytes >= 0) {
                        span.setAttribute(Semconv.RESPONSE_SIZE, receivedBytes);
                    }
                    if (outcome != Outcome.OK) {
                        span.setAttribute(Semconv.ERROR_TYPE, outcome.label);
                        span.setStatus(StatusCode.ERROR);
                    }
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
