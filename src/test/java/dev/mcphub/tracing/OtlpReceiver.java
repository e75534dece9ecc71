package dev.mcphub.tracing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP trace receiver on loopback, decoding with the official OpenTelemetry proto classes: the stand-in for
 * a collector, which no package registry here offers. Over HTTP ({@code POST /v1/traces}, protobuf) or, with
 * {@link #grpc()}, over gRPC on HTTP/2 cleartext ({@link GrpcOtlpServer}).
 */
final class OtlpReceiver implements AutoCloseable {
    /** One received span, ids in lowercase hex as in a {@code traceparent}. */
    record ReceivedSpan(
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            String kind,
            Map<String, String> attributes) {}

    private final HttpServer server;
    private final GrpcOtlpServer grpc;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> serviceNames = new CopyOnWriteArrayList<>();

    /** OTLP/HTTP. */
    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/traces", this::receive);
        server.start();
        grpc = null;
    }

    private OtlpReceiver(GrpcOtlpServer.Sink sink) throws Exception {
        server = null;
        grpc = new GrpcOtlpServer(sink);
    }

    /** OTLP/gRPC. */
    static OtlpReceiver grpc() throws Exception {
        OtlpReceiver[] self = new OtlpReceiver[1];
        self[0] = new OtlpReceiver(request -> self[0].record(request));
        return self[0];
    }

    /** The base URL for {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
    String endpoint() {
        return "http://127.0.0.1:"
                + (grpc != null ? grpc.port() : server.getAddress().getPort());
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    List<String> serviceNames() {
        return List.copyOf(serviceNames);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream body = exchange.getRequestBody()) {
            record(ExportTraceServiceRequest.parseFrom(body.readAllBytes()));
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    private void record(ExportTraceServiceRequest request) {
        {
            for (ResourceSpans resource : request.getResourceSpansList()) {
                resource.getResource().getAttributesList().stream()
                        .filter(kv -> kv.getKey().equals("service.name"))
                        .forEach(kv -> serviceNames.add(kv.getValue().getStringValue()));
                for (ScopeSpans scope : resource.getScopeSpansList()) {
                    scope.getSpansList()
                            .forEach(span -> spans.add(new ReceivedSpan(
                                    hex(span.getTraceId().toByteArray()),
                                    hex(span.getSpanId().toByteArray()),
                                    hex(span.getParentSpanId().toByteArray()),
                                    span.getName(),
                                    span.getKind().name(),
                                    attributes(span.getAttributesList()))));
                }
            }
        }
    }

    private static Map<String, String> attributes(List<KeyValue> list) {
        Map<String, String> map = new LinkedHashMap<>();
        for (KeyValue kv : list) {
            var value = kv.getValue();
            map.put(
                    kv.getKey(),
                    switch (value.getValueCase()) {
                        case STRING_VALUE -> value.getStringValue();
                        case INT_VALUE -> Long.toString(value.getIntValue());
                        case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
                        case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
                        default -> value.toString();
                    });
        }
        return map;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.stop(0);
        }
        if (grpc != null) {
            grpc.close();
        }
    }
}
