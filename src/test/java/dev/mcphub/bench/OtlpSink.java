package dev.mcphub.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback OTLP/HTTP endpoint for {@code --ours-tracing}: takes every export ({@code POST /v1/traces}), reads
 * it whole and answers 200, so that our hub pays the full cost of tracing (spans, batching, protobuf, HTTP)
 * without a collector. It decodes nothing: what it received is only counted for the notes.
 */
final class OtlpSink implements AutoCloseable {
    private final HttpServer server;
    private final AtomicLong exports = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    OtlpSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "otlp-sink");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            try (exchange;
                    InputStream body = exchange.getRequestBody()) {
                bytes.addAndGet(body.readAllBytes().length);
                exports.incrementAndGet();
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    /** For {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String summary() {
        return exports.get() + " OTLP export(s), " + bytes.get() / 1024 + " KiB";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
