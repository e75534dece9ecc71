package dev.mcphub.tracing;

import dev.mcphub.upstream.CallObserver;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;

/** Traces, or nothing: the hub's code calls this and never OpenTelemetry itself. */
public interface Tracing extends AutoCloseable {

    /** A Jetty handler step, run inside the request's span. */
    @FunctionalInterface
    interface Handler {
        boolean handle(Request request, Response response, Callback callback);
    }

    /** An MCP request's span, current until closed. */
    interface McpSpan extends AutoCloseable {
        McpSpan NONE = new McpSpan() {
            @Override
            public void failed(int code, String message) {}

            @Override
            public void close() {}
        };

        /** The request was answered with a JSON-RPC error. */
        void failed(int code, String message);

        @Override
        void close();
    }

    /** What an MCP request is, for its span. */
    record McpRequest(
            String method,
            JsonNode id,
            JsonNode params,
            String sessionId,
            String protocolVersion,
            String transport,
            boolean alone) {}

    /** No traces: every method does nothing at no cost. */
    Tracing OFF = new Tracing() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public CallObserver calls() {
            return CallObserver.NONE;
        }

        @Override
        public boolean aroundHttp(Request request, Response response, Callback callback, Handler handler) {
            return handler.handle(request, response, callback);
        }

        @Override
        public boolean aroundMcpPost(Request request, Response response, Callback callback, Handler handler) {
            return handler.handle(request, response, callback);
        }

        @Override
        public McpSpan mcpRequest(McpRequest request) {
            return McpSpan.NONE;
        }

        @Override
        public Runnable withCurrentContext(Runnable task) {
            return task;
        }

        @Override
        public String[] currentIds() {
            return null;
        }

        @Override
        public void close() {}
    };

    boolean enabled();

    /** Child spans for requests to servers, and the trace context they are sent. */
    CallObserver calls();

    /** Runs {@code handler} inside a server span for the HTTP request (context from {@code traceparent}). */
    boolean aroundHttp(Request request, Response response, Callback callback, Handler handler);

    /**
     * Runs {@code handler} for a POST to an MCP endpoint: when the POST carries one JSON-RPC request
     * ({@link McpRequest#alone()}), that request's span is the HTTP server span too; otherwise (a batch,
     * notifications, an answer before any dispatch) an HTTP span is made as {@link #aroundHttp} would.
     */
    boolean aroundMcpPost(Request request, Response response, Callback callback, Handler handler);

    /** Starts the span of one MCP request; its parent is {@code params._meta.traceparent} when given. */
    McpSpan mcpRequest(McpRequest request);

    /** The task, run in the current trace context wherever it runs. */
    Runnable withCurrentContext(Runnable task);

    /** {trace id, span id} of the current span, or null (for log lines). */
    String[] currentIds();

    /** Flushes what is buffered and stops exporting; bounded. */
    @Override
    void close();

    /**
     * Tracing as the standard OpenTelemetry variables say: on when {@code OTEL_TRACES_EXPORTER} names an exporter
     * or an OTLP endpoint is set ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}),
     * off otherwise and whenever {@code OTEL_SDK_DISABLED=true}. Everything else (protocol, sampler, headers,
     * resource, batching) is the SDK's own reading of {@code OTEL_*}.
     */
    static Tracing fromEnvironment(Map<String, String> env) {
        return wanted(env) ? OtelTracing.create(env) : OFF;
    }

    static boolean wanted(Map<String, String> env) {
        if ("true".equalsIgnoreCase(env.getOrDefault("OTEL_SDK_DISABLED", "").trim())) {
            return false;
        }
        String exporter = env.getOrDefault("OTEL_TRACES_EXPORTER", "").trim().toLowerCase(Locale.ROOT);
        if (!exporter.isEmpty()) {
            return !exporter.equals("none");
        }
        return !env.getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", "").isBlank()
                || !env.getOrDefault("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "").isBlank();
    }
}
