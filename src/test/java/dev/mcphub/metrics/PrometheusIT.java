package dev.mcphub.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.LoopbackPort;
import dev.mcphub.testing.ServersJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import tools.jackson.databind.JsonNode;

/**
 * A real Prometheus (Debian's {@code prometheus}, which bin/test installs when missing) scrapes the hub every
 * second; after tool calls through the hub, its query API has the call counter and a latency quantile.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PrometheusIT {
    private static final int CALLS = 20;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;

    static HubProcess hub;
    static Process prometheus;
    static int prometheusPort;

    @BeforeAll
    static void startHubAndPrometheus() throws Exception {
        Path config = ServersJson.create()
                .stdio("everything", Fixtures.npmServer("server-everything"))
                .write(dir.resolve("servers.json"));
        hub = HubProcess.builder(dir)
                .config(config)
                .jvmArgs("-Xlog:class+load=info:file=" + dir.resolve("classes.log"))
                .args("--no-marketplace")
                .start()
                .awaitReady(Duration.ofSeconds(60));
        prometheusPort = LoopbackPort.free();
        Path yaml = dir.resolve("prometheus.yml");
        Files.writeString(yaml, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: mcp-hub
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(hub.port()));
        prometheus = new ProcessBuilder(
                        "prometheus",
                        "--config.file=" + yaml,
                        "--storage.tsdb.path=" + dir.resolve("tsdb"),
                        "--web.listen-address=127.0.0.1:" + prometheusPort,
                        "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void prometheusSeesTheCallCounterAndALatencyQuantileOfCallsThroughTheHub() throws Exception {
        for (int i = 0; i < CALLS; i++) {
            HubProcess.Reply reply = hub.post(
                    "/api/servers/tools",
                    "{\"server_name\":\"everything\",\"tool\":\"echo\",\"arguments\":{\"message\":\"m" + i + "\"}}");
            assertThat(reply.status()).isEqualTo(200);
        }
        String exposition = hub.get("/metrics").body();
        double[] medianBucket = bucketHolding(exposition, CALLS / 2.0);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(
                                query("mcphub_tool_calls_total{server=\"everything\",tool=\"echo\",outcome=\"ok\"}"))
                        .isEqualTo(CALLS));
        double median =
                query("histogram_quantile(0.5, sum by (le) (mcphub_tool_call_duration_seconds_bucket{tool=\"echo\"}))");
        assertThat(median).isBetween(medianBucket[0], medianBucket[1]);
        assertThat(query("mcphub_server_up{server=\"everything\"}")).isEqualTo(1);
        assertThat(query("count(jvm_memory_used_bytes)")).isPositive();
        assertThat(query("count(jvm_gc_collection_seconds_count)")).isPositive();
        assertThat(query("count(jvm_threads_current)")).isEqualTo(1);
        assertThat(query("count(process_cpu_seconds_total)")).isEqualTo(1);
        assertThat(query("mcphub_tool_calls_total{server=\"everything\",tool=\"echo\",outcome=\"protocol_error\"}"))
                .isZero();
    }

    @Test
    void withoutOpenTelemetryVariablesNoTracingClassIsEvenLoaded() throws Exception {
        HubProcess.Reply reply = hub.post(
                "/api/servers/tools",
                "{\"server_name\":\"everything\",\"tool\":\"echo\",\"arguments\":{\"message\":\"x\"}}");
        assertThat(reply.status()).isEqualTo(200);
        String loaded = Files.readString(dir.resolve("classes.log"));
        assertThat(loaded).contains("dev.mcphub.tracing.Tracing").doesNotContain("io.opentelemetry");
    }

    /** The [lower, upper] bounds of the bucket the hub itself says holds the call with rank {@code rank}. */
    private static double[] bucketHolding(String exposition, double rank) {
        Pattern bucket = Pattern.compile(
                "mcphub_tool_call_duration_seconds_bucket\\{server=\"everything\",tool=\"echo\",le=\"([^\"]+)\"} (\\S+)");
        Matcher matcher = bucket.matcher(exposition);
        double lower = 0;
        while (matcher.find()) {
            double le =
                    matcher.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(matcher.group(1));
            if (Double.parseDouble(matcher.group(2)) >= rank) {
                return new double[] {lower, le};
            }
            lower = le;
        }
        throw new AssertionError("no echo latency buckets in /metrics:\n" + exposition);
    }

    /** The single value of an instant query at Prometheus's HTTP API. */
    private static double query(String promql) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = Json.parse(response.body().getBytes(StandardCharsets.UTF_8));
        assertThat(body.path("status").asString()).as(response.body()).isEqualTo("success");
        List<JsonNode> results = new java.util.ArrayList<>();
        body.path("data").path("result").forEach(results::add);
        assertThat(results).as("results of %s", promql).hasSize(1);
        return Double.parseDouble(results.getFirst().path("value").get(1).asString());
    }
}
