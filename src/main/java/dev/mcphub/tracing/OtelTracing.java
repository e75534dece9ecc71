package dev.mcphub.tracing;

import dev.mcphub.upstream.CallObserver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;

/** Tracing with the OpenTelemetry SDK, configured by its autoconfigure module from {@code OTEL_*}. */
final class OtelTracing implements Tracing {
    static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final OpenTelemetrySdk sdk;
    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final McpSpans mcp;
    private final UpstreamSpans upstream;

    private OtelTracing(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
        this.tracer = sdk.getTracer("dev.mcphub");
        this.propagator = sdk.getPropagators().getTextMapPropagator();
        this.mcp = new McpSpans(tracer, propagator);
        this.upstream = new UpstreamSpans(tracer);
    }

    /** Builds the SDK from the environment; the hub's defaults give way to any {@code OTEL_*} that is set. */
    static Tracing create(Map<String, String> env) {
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> Map.of(
                        "otel.service.name", "mcp-hub",
                        // Traces only, unless the user asks for the SDK's metrics or logs as well.
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none"))
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        return new OtelTracing(sdk);
    }

    OpenTelemetry openTelemetry() {
        return sdk;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public CallObserver calls() {
        return upstream;
    }

    @Override
    public boolean aroundHttp(Request request, Response response, Callback callback, Handler handler) {
        String method = request.getMethod();
        String path = Request.getPathInContext(request);
        String route = route(path);
        Context parent = propagator.extract(Context.root(), request, HEADERS);
        Span span = tracer.spanBuilder(method + " " + route)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(HTTP_METHOD, method)
                .setAttribute(HTTP_ROUTE, route)
                .startSpan();
        if (span.isRecording()) { // Sampled out: no header is looked up for an attribute nobody sees.
            span.setAttribute(URL_PATH, path);
            span.setAttribute(USER_AGENT, request.getHeaders().get("User-Agent"));
        }
        Callback ending = Callback.from(
                () -> {
                    end(span, response);
                    callback.succeeded();
                },
                failure -> {
                    span.recordException(failure);
                    end(span, response);
                    callback.failed(failure);
                });
        try (Scope scope = span.makeCurrent()) {
            return handler.handle(request, response, ending);
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            span.end();
            throw e;
        }
    }

    @Override
    public boolean aroundMcpPost(Request request, Response response, Callback callback, Handler handler) {
        String path = Request.getPathInContext(request);
        PostSpan post = new PostSpan(
                tracer,
                propagator.extract(Context.root(), request, HEADERS),
                request.getMethod(),
                route(path),
                path,
                request.getHeaders().get("User-Agent"));
        Callback ending = Callback.from(
                () -> {
                    post.httpEnded(response.getStatus(), null);
                    callback.succeeded();
                },
                failure -> {
                    post.httpEnded(response.getStatus(), failure);
                    callback.failed(failure);
                });
        try (Scope scope = post.parent().with(PostSpan.KEY, post).makeCurrent()) {
            return handler.handle(request, response, ending);
        } catch (RuntimeException | Error e) {
            post.httpEnded(-1, e);
            throw e;
        }
    }

    private static void end(Span span, Response response) {
        int status = response.getStatus();
        span.setAttribute(HTTP_STATUS, (long) status);
        if (status >= 500) {
            span.setAttribute(ERROR_TYPE, Integer.toString(status));
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    /** A low-cardinality route: {@code /servers/<name>/mcp} and {@code /profiles/<name>/mcp} keep their shape. */
    static String route(String path) {
        for (String prefix : new String[] {"/servers/", "/profiles/"}) {
            if (path.startsWith(prefix)) {
                String name = prefix.equals("/servers/") ? "{server}" : "{profile}";
                return prefix + name + (path.endsWith("/messages") ? "/messages" : "/mcp");
            }
        }
        return path;
    }

    @Override
    public McpSpan mcpRequest(McpRequest request) {
        return mcp.start(request);
    }

    @Override
    public Runnable withCurrentContext(Runnable task) {
        return Context.current().wrap(task);
    }

    @Override
    public String[] currentIds() {
        SpanContext context = Span.current().getSpanContext();
        return context.isValid() ? new String[] {context.getTraceId(), context.getSpanId()} : null;
    }

    @Override
    public void close() {
        sdk.shutdown().join(5, TimeUnit.SECONDS);
    }

    private static final TextMapGetter<Request> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Request carrier) {
            return carrier.getHeaders().getFieldNamesCollection();
        }

        @Override
        public String get(Request carrier, String key) {
            return carrier == null ? null : carrier.getHeaders().get(key);
        }
    };

    /** Reads {@code traceparent} and {@code tracestate} from an MCP request's {@code params._meta}. */
    static final TextMapGetter<JsonNode> META = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(JsonNode meta) {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(JsonNode meta, String key) {
            JsonNode value = meta == null ? null : meta.get(key);
            return value != null && value.isString() ? value.asString() : null;
        }
    };
}
