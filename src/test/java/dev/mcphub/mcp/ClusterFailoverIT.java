package dev.mcphub.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.json.Json;
import dev.mcphub.mcp.TsClient.Transport;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.Nginx;
import dev.mcphub.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a replica's death costs a session, with the real parts of {@link ClusterIT} (Redis, nginx round-robin over
 * three replicas, the TypeScript SDK client): a call in flight on the replica killed with SIGKILL fails at once
 * with an error that says it may be retried (not at the client's timeout), the retry succeeds elsewhere; and a
 * resource subscription made on a replica that is then killed still brings its updates through the survivor.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterFailoverIT {
    private static final Pattern IN_FLIGHT =
            Pattern.compile("^mcphub_server_calls_in_flight\\{server=\"everything\"} (\\S+)$", Pattern.MULTILINE);
    private static final Pattern SUBSCRIBES = Pattern.compile(
            "^mcphub_upstream_requests_total\\{method=\"resources/subscribe\",outcome=\"ok\",server=\"everything\"}"
                    + " (\\S+)$",
            Pattern.MULTILINE);

    @TempDir
    Path dir;

    @Test
    void aCallCutByAReplicasDeathFailsRetryablyAndASubscriptionOutlivesItsReplica() throws Exception {
        List<HubProcess> replicas = new ArrayList<>();
        try (RedisServer redis = RedisServer.start(dir)) {
            TestHub.startReplicas(replicas, redis.url(), dir, "a", "b", "c");
            try (Nginx nginx = Nginx.start(
                            dir, replicas.stream().map(HubProcess::port).toList());
                    TsClient client = TsClient.start("session", nginx.url("/mcp"), Transport.HTTP)) {
                client.awaitLine(line -> line.path("type").asString().equals("connected"));

                // A slow call with progress: its answer is a stream when its replica is killed.
                ObjectNode slow = TsClient.call(
                                "slow",
                                "everything__trigger-long-running-operation",
                                Json.object().put("duration", 20).put("steps", 20))
                        .put("progress", true)
                        .put("async", true)
                        .put("timeoutMs", 90_000);
                client.send(slow);
                client.awaitLine(line -> line.path("type").asString().equals("progress")
                        && line.path("id").asString().equals("slow"));
                HubProcess serving = busiest(replicas, IN_FLIGHT);
                kill(serving, replicas);

                JsonNode lost = client.outcome("slow");
                assertThat(lost.path("type").asString()).as("%s", lost).isEqualTo("error");
                assertThat(lost.path("message").asString()).contains("interrupted", "may be retried");
                assertThat(lost.path("elapsedMs").asLong())
                        .as("the client learns it long before its call would have ended (20 s)")
                        .isLessThan(15_000);
                client.send(TsClient.call(
                        "retry",
                        "everything__trigger-long-running-operation",
                        Json.object().put("duration", 1).put("steps", 1)));
                assertThat(client.outcome("retry").at("/result/content/0/text").asString())
                        .as("the retry, same session, through a survivor: %s", client.stderr())
                        .startsWith("Long running operation completed");

                // A subscription made on one survivor, which then dies: the last one takes it up.
                String uri = "everything__demo://resource/dynamic/text/1";
                client.send(
                        TsClient.step("sub", "subscribeResource", Json.object().put("uri", uri)));
                assertThat(client.outcome("sub").path("type").asString()).isEqualTo("result");
                kill(busiest(replicas, SUBSCRIBES), replicas);
                client.send(TsClient.call("updates", "everything__toggle-subscriber-updates", Json.object()));
                assertThat(client.outcome("updates").path("type").asString())
                        .as("%s", client.stderr())
                        .isEqualTo("result");
                JsonNode update = client.awaitLine(
                        line -> line.path("method").asString().equals("notifications/resources/updated"));
                assertThat(update.at("/params/uri").asString()).isEqualTo(uri);
            }
        } finally {
            replicas.forEach(TestHub::closeQuietly);
        }
    }

    /** The live replica whose metric (one sample of {@code pattern}) is highest, once one is above zero. */
    private static HubProcess busiest(List<HubProcess> replicas, Pattern pattern) {
        ToDoubleFunction<HubProcess> value = hub -> {
            try {
                Matcher matcher = pattern.matcher(hub.get("/metrics").body());
                return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
            } catch (java.io.IOException e) {
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        };
        return await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> replicas.stream()
                                .filter(hub -> hub.process().isAlive())
                                .filter(hub -> value.applyAsDouble(hub) > 0)
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    private static void kill(HubProcess replica, List<HubProcess> replicas) throws InterruptedException {
        Process process = replica.process();
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(replicas.stream().filter(hub -> hub.process().isAlive())).isNotEmpty();
    }
}
