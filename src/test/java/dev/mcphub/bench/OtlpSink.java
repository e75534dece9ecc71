package dev.mcphub.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * A loopback OTLP/HTTP endpoint for the tracing runs: takes every export ({@code POST /v1/traces}), reads it
 * whole and answers 200, so that our hub pays the full cost of tracing (spans, batching, protobuf, HTTP) without
 * a collector. It counts the spans in each export by walking the protobuf's framing (resource spans → scope
 * spans → spans) without decoding them, so that a run can tell spans the hub dropped from spans it sent.
 */
final class OtlpSink implements AutoCloseable {
    private final HttpServer server;
    private final AtomicLong exports = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong spans = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();

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
                byte[] export = body.readAllBytes();
                bytes.addAndGet(export.length);
                if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    export = new GZIPInputStream(new ByteArrayInputStream(export)).readAllBytes();
                }
                try {
                    spans.addAndGet(countSpans(export));
                } catch (RuntimeException notOtlp) {
                    malformed.incrementAndGet();
                }
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

    /** Spans received so far. */
    long spans() {
        return spans.get();
    }

    String summary() {
        return exports.get() + " OTLP export(s), " + spans.get() + " spans, " + bytes.get() / 1024 + " KiB"
                + (malformed.get() > 0 ? ", " + malformed.get() + " not readable as OTLP protobuf" : "");
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * The spans in an {@code ExportTraceServiceRequest}: field 1 (resource_spans) holds field 2 (scope_spans),
     * which holds field 2 (span), each length-delimited; everything else is skipped by its wire type.
     */
    static long countSpans(byte[] export) {
        long n = 0;
        for (int[] resource : fields(export, 0, export.length, 1)) {
            for (int[] scope : fields(export, resource[0], resource[1], 2)) {
                n += fields(export, scope[0], scope[1], 2).size();
            }
        }
        return n;
    }

    /** The [start, end) of every length-delimited field {@code number} in {@code buf[from, to)}. */
    private static java.util.List<int[]> fields(byte[] buf, int from, int to, int number) {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        int[] at = {from};
        while (at[0] < to) {
            long tag = varint(buf, at);
            int wire = (int) (tag & 7);
            switch (wire) {
                case 0 -> varint(buf, at);
                case 1 -> at[0] += 8;
                case 5 -> at[0] += 4;
                case 2 -> {
                    int length = (int) varint(buf, at);
                    if (tag >>> 3 == number) {
                        out.add(new int[] {at[0], at[0] + length});
                    }
                    at[0] += length;
                }
                default -> throw new IllegalArgumentException("not OTLP protobuf: wire type " + wire);
            }
        }
        return out;
    }

    private static long varint(byte[] buf, int[] at) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = buf[at[0]++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("not OTLP protobuf: a varint longer than 10 bytes");
    }
}
