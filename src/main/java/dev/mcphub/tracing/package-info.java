/**
 * OpenTelemetry traces: a span for each HTTP request ({@code /mcp}, {@code /api}), one for each MCP request a
 * client makes (the same span when a POST carries one request: {@link dev.mcphub.tracing.PostSpan}), and a client
 * span for each request the hub sends to a server, with attributes after the
 * OpenTelemetry semantic conventions for MCP and GenAI. Trace context comes in from the {@code traceparent}
 * header or {@code params._meta.traceparent}, and goes out through {@link dev.mcphub.upstream.CallObserver}
 * (a header to HTTP servers, {@code _meta} to stdio ones).
 *
 * <p>Off unless the standard {@code OTEL_*} variables ask for it; when off, {@link dev.mcphub.tracing.Tracing#OFF}
 * does nothing and no OpenTelemetry class is loaded. Only {@link dev.mcphub.tracing.OtelTracing} and the classes
 * it uses touch the SDK. Knows the upstream seam and Jetty's request; nothing of the hub, the MCP endpoint or
 * the REST API.
 */
package dev.mcphub.tracing;
