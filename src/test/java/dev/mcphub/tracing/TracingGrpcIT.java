package dev.mcphub.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.ServersJson;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The same trace through the hub, exported over OTLP/gRPC ({@code OTEL_EXPORTER_OTLP_PROTOCOL=grpc}). */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TracingGrpcIT {
    private static final Pattern SEEN = Pattern.compile("traceparent=00-([0-9a-f]{32})-([0-9a-f]{16})-01");

    @TempDir
    static Path dir;

    static OtlpReceiver receiver;
    static HubProcess hub;

    @BeforeAll
    static void start() throws Exception {
        receiver = OtlpReceiver.grpc();
        Path script = Fixtures.dir().resolve("tracing/traceparent-server.mjs");
        Path config = ServersJson.create()
                .stdio("traced", List.of("node", script.toString(), "stdio"))
                .write(dir.resolve("servers.json"));
        hub = HubProcess.builder(dir)
                .config(config)
                .args("--no-marketplace")
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
                .env("OTEL_SERVICE_NAME", "hub-under-test")
                .env("OTEL_BSP_SCHEDULE_DELAY", "100")
                .start()
                .awaitReady(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void spansOfACallThroughTheHubArriveOverGrpcWithTheClientsTraceId() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        HubProcess.Reply reply = hub.send(HttpRequest.newBuilder(URI.create(hub.url("/api/servers/tools")))
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"server_name\":\"traced\",\"tool\":\"whoami\"}")));
        Matcher seen = SEEN.matcher(reply.body());
        assertThat(seen.find()).as(reply.body()).isTrue();
        assertThat(seen.group(1)).isEqualTo(traceId);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(receiver.spans())
                        .anySatisfy(span -> {
                            assertThat(span.spanId()).isEqualTo(seen.group(2));
                            assertThat(span.traceId()).isEqualTo(traceId);
                            assertThat(span.name()).isEqualTo("tools/call whoami");
                        })
                        .anySatisfy(span -> assertThat(span.name()).isEqualTo("POST /api/servers/tools")));
        assertThat(receiver.serviceNames()).contains("hub-under-test");
    }
}
