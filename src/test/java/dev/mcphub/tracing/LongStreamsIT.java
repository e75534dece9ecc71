package dev.mcphub.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.FixtureProcess;
import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.tracing.OtlpReceiver.ReceivedSpan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * A 2026-07-28 {@code subscriptions/listen} stream lives as long as its connection: the hub's own to a modern
 * server (the TypeScript SDK v2 fixture announcing tool changes) and a client's to the hub. Neither may count as
 * a call in flight in {@code /metrics} for all that time, nor become one span that ends only with the stream.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LongStreamsIT {
    private static final String LISTENING = "listening ";
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private OtlpReceiver receiver;
    private FixtureProcess server;
    private HubProcess hub;

    @BeforeEach
    void start() throws Exception {
        receiver = new OtlpReceiver();
        server = FixtureProcess.start(
                "v2-stateless",
                List.of(
                        "node",
                        Fixtures.dir().resolve("servers/v2-stateless.mjs").toString(),
                        "--mutable"));
        String line = server.nextLine(Duration.ofSeconds(60)).orElseThrow();
        assertThat(line).startsWith(LISTENING);
        ObjectNode config = Json.object();
        config.putObject("mcpServers")
                .putObject("v2")
                .put("url", line.substring(LISTENING.length()).trim());
        hub = HubProcess.builder(dir)
                .config(Files.writeString(dir.resolve("servers.json"), Json.text(config)))
                .args("--no-marketplace")
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .env("OTEL_BSP_SCHEDULE_DELAY", "100")
                .start()
                .awaitReady(Duration.ofSeconds(60));
        await().atMost(HANG_GUARD)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> metric("mcphub_server_up{server=\"v2\"}") == 1);
    }

    @AfterEach
    void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
        if (server != null) {
            server.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void theHubsListenStreamToAServerIsNeitherACallInFlightNorASpan() throws Exception {
        // A tool learned at runtime reaches the catalogue only through the listen stream: it is open.
        HubProcess.Reply learned = hub.post(
                "/api/servers/tools", "{\"server_name\":\"v2\",\"tool\":\"learn\",\"arguments\":{\"name\":\"wave\"}}");
        assertThat(learned.status()).as(learned.body()).isEqualTo(200);
        await().atMost(HANG_GUARD)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> hub.get("/api/servers").body().contains("\"wave\""));

        assertThat(metric("mcphub_server_calls_in_flight{server=\"v2\"}")).isZero();

        server.close(); // Ends the stream: had it been observed as a call, its span would end and be exported now.
        await().atMost(HANG_GUARD)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> metric("mcphub_server_up{server=\"v2\"}") == 0);
        String marker = tracedGet();
        assertThat(receiver.spans())
                .as("spans up to the marker %s", marker)
                .noneMatch(span -> span.name().startsWith("subscriptions/listen"))
                .noneMatch(
                        span -> "subscriptions/listen".equals(span.attributes().get("mcp.method.name")))
                .anyMatch(span -> span.name().startsWith("tools/call learn"));
        assertThat(metric("mcphub_server_calls_in_flight{server=\"v2\"}")).isZero();
    }

    @Test
    void aClientsListenStreamGetsNoSpanThatLastsAsLongAsTheStream() throws Exception {
        String traceId = hex(16);
        ObjectNode params = Json.object();
        ObjectNode meta = params.putObject("_meta");
        meta.put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
        meta.putObject("io.modelcontextprotocol/clientCapabilities");
        meta.putObject("io.modelcontextprotocol/clientInfo")
                .put("name", "long-streams-it")
                .put("version", "1");
        params.putObject("notifications").put("toolsListChanged", true);
        HttpRequest listen = HttpRequest.newBuilder(URI.create(hub.url("/mcp")))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2026-07-28")
                .header("Mcp-Method", "subscriptions/listen")
                .header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                .POST(HttpRequest.BodyPublishers.ofString(Json.text(Json.object()
                        .put("jsonrpc", "2.0")
                        .put("id", "listen-1")
                        .put("method", "subscriptions/listen")
                        .set("params", params))))
                .build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<Stream<String>> response = client.send(listen, HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            try (Stream<String> lines = response.body()) {
                Iterator<String> it = lines.iterator();
                String first = "";
                while (it.hasNext() && !(first = it.next()).startsWith("data: ")) {
                    // skip the event's other lines
                }
                assertThat(first).contains("notifications/subscriptions/acknowledged");
                String marker = tracedGet();

                // The hub stops while the stream is open: it ends the stream, then flushes every ended span.
                assertThat(hub.stop(Duration.ofSeconds(20))).isZero();

                assertThat(receiver.spans()).anyMatch(span -> span.traceId().equals(marker));
                assertThat(receiver.spans())
                        .as("no span covers the listen stream")
                        .noneMatch(span -> span.traceId().equals(traceId));
            }
        }
    }

    /** A traced REST request; returns once its span has reached the receiver (so all ended before it have). */
    private String tracedGet() throws Exception {
        String traceId = hex(16);
        HubProcess.Reply reply = hub.send(HttpRequest.newBuilder(URI.create(hub.url("/api/servers")))
                .header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                .GET());
        assertThat(reply.status()).isEqualTo(200);
        await().atMost(HANG_GUARD)
                .until(() ->
                        receiver.spans().stream().map(ReceivedSpan::traceId).anyMatch(traceId::equals));
        return traceId;
    }

    /** The value of one series in the Prometheus text format, or -1 when it is absent. */
    private double metric(String series) throws Exception {
        for (String line : hub.get("/metrics").body().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return -1;
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
