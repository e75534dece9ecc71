package dev.mcphub.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.json.Json;
import dev.mcphub.mcp.TsClient.Transport;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.Nginx;
import dev.mcphub.testing.RedisServer;
import dev.mcphub.testing.SseReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import tools.jackson.databind.JsonNode;

/**
 * Cluster mode with real parts: a real Redis, a real nginx balancing round-robin without stickiness over three hub
 * replicas (the built jar), and the official TypeScript SDK client through nginx. One 2025-era session is served by
 * every replica: hundreds of calls, a resource subscription and its update, a sampling round trip (the client's
 * answer reaches the replica that waits for it), a replica killed with SIGKILL, and Redis restarted empty.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterIT {
    private static final int CALLS = 200;

    @TempDir
    Path dir;

    @Test
    void oneSessionIsServedByEveryReplicaAndSurvivesAReplicaAndRedisGoingAway() throws Exception {
        List<HubProcess> replicas = new ArrayList<>();
        try (RedisServer redis = RedisServer.start(dir)) {
            TestHub.startReplicas(replicas, redis.url(), dir, "a", "b", "c");
            List<Integer> ports = replicas.stream().map(HubProcess::port).toList();
            try (Nginx nginx = Nginx.start(dir, ports);
                    TsClient client = TsClient.start("session", nginx.url("/mcp"), Transport.HTTP, "sampling");
                    RedisClient store = RedisClient.create(java.net.URI.create(redis.url()))) {
                String session = client.awaitLine(
                                line -> line.path("type").asString().equals("connected"))
                        .path("sessionId")
                        .asString();
                assertThat(session).isNotBlank();

                client.send(TsClient.step("tools", "listTools", null));
                assertThat(client.outcome("tools").at("/result/tools").size()).isPositive();
                long getsBefore = commandCalls(store, "get");
                for (int i = 0; i < CALLS; i++) {
                    client.send(TsClient.call(
                            "echo" + i, "everything__echo", Json.object().put("message", "n" + i)));
                }
                for (int i = 0; i < CALLS; i++) {
                    assertThat(client.outcome("echo" + i)
                                    .at("/result/content/0/text")
                                    .asString())
                            .as("call %d", i)
                            .isEqualTo("Echo: n" + i);
                }
                // A replica whose copy is current (no change announced since) reads no record: at most one GET each
                // (continuing the session), not one per request.
                assertThat(commandCalls(store, "get") - getsBefore)
                        .as("Redis GETs during %d calls", CALLS)
                        .isLessThanOrEqualTo(replicas.size());
                assertThat(nginx.servedByReplica())
                        .as("requests each replica answered (round-robin, no stickiness)")
                        .hasSize(3)
                        .allSatisfy((port, served) -> assertThat(served).isGreaterThanOrEqualTo(CALLS / 4));

                // A subscription made on one replica; its server's updates reach the stream another may hold.
                String uri = "everything__demo://resource/dynamic/text/1";
                client.send(
                        TsClient.step("sub", "subscribeResource", Json.object().put("uri", uri)));
                assertThat(client.outcome("sub").path("type").asString()).isEqualTo("result");
                for (int i = 0; i < 3; i++) { // Round-robin: once on each replica's own server.
                    client.send(TsClient.call("updates" + i, "everything__toggle-subscriber-updates", Json.object()));
                    client.outcome("updates" + i);
                }
                JsonNode update = client.awaitLine(
                        line -> line.path("method").asString().equals("notifications/resources/updated"));
                assertThat(update.at("/params/uri").asString()).isEqualTo(uri);

                // Sampling: asked on the call's stream by one replica, answered in a POST that lands on another.
                client.send(TsClient.call(
                        "sample",
                        "everything__trigger-sampling-request",
                        Json.object().put("prompt", "two plus two")));
                assertThat(client.outcome("sample").at("/result/content/0/text").asString())
                        .contains("sampled: Resource trigger-sampling-request context: two plus two");

                // kill -9 one replica mid-session: the next calls go on through the others.
                Process killed = replicas.getFirst().process();
                killed.destroyForcibly();
                assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();
                for (int i = 0; i < 6; i++) {
                    client.send(TsClient.call(
                            "after-kill" + i, "everything__echo", Json.object().put("message", "k" + i)));
                    assertThat(client.outcome("after-kill" + i)
                                    .at("/result/content/0/text")
                                    .asString())
                            .as("call %d after the kill: %s", i, client.stderr())
                            .isEqualTo("Echo: k" + i);
                }

                // Redis restarts empty: the replicas save the sessions they hold again, and the session goes on.
                redis.restart();
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200))
                        .ignoreExceptions()
                        .until(() -> store.exists("mcp-hub:session:" + session));
                for (int i = 0; i < 4; i++) {
                    client.send(TsClient.call(
                            "after-redis" + i, "everything__echo", Json.object().put("message", "r" + i)));
                    assertThat(client.outcome("after-redis" + i)
                                    .at("/result/content/0/text")
                                    .asString())
                            .isEqualTo("Echo: r" + i);
                }
                JsonNode record = Json.parse(store.get("mcp-hub:session:" + session));
                assertThat(record.path("initialized").asBoolean()).isTrue();
                assertThat(record.at("/clientCapabilities/sampling").isObject()).isTrue();
                assertThat(record.at("/subscriptions/0/clientUri").asString()).isEqualTo(uri);
                assertThat(store.ttl("mcp-hub:session:" + session)).isPositive();
            }
        } finally {
            replicas.forEach(TestHub::closeQuietly);
        }
    }

    /** How many times Redis has run {@code command} ({@code INFO commandstats}). */
    private static long commandCalls(RedisClient store, String command) {
        for (String line : store.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":calls=")) {
                String rest = line.substring(line.indexOf("calls=") + 6);
                return Long.parseLong(rest.substring(0, rest.indexOf(',')));
            }
        }
        return 0;
    }

    @Test
    void anEventEmittedOnOneReplicaIsReplayedByAnotherFromLastEventId() throws Exception {
        List<HubProcess> replicas = new ArrayList<>();
        try (RedisServer redis = RedisServer.start(dir)) {
            TestHub.startReplicas(replicas, redis.url(), dir, "a", "b");
            HubProcess a = replicas.get(0);
            HubProcess b = replicas.get(1);
            String position;
            try (SseReader before = SseReader.open(b.url("/api/events"), Map.of())) {
                position = before.awaitEvent(SseReader.named("hub_state"), Duration.ofSeconds(10))
                        .id();
            }

            TestHub.serverCommand(a, "stop", "everything");

            try (SseReader onB = SseReader.open(b.url("/api/events"), Map.of("Last-Event-ID", position));
                    SseReader onA = SseReader.open(a.url("/api/events"), Map.of("Last-Event-ID", position))) {
                SseReader.Event replayed = onB.awaitEvent(
                        event -> !event.name().equals("hub_state")
                                && event.json().path("replica").asString().equals("a"),
                        Duration.ofSeconds(20));
                assertThat(Long.parseLong(replayed.id())).isGreaterThan(Long.parseLong(position));
                SseReader.Event original = onA.awaitEvent(
                        event -> event.id().equals(replayed.id())
                                && !event.name().equals("hub_state"),
                        Duration.ofSeconds(20));
                assertThat(original.name()).isEqualTo(replayed.name());
                assertThat(original.json().path("type").asString())
                        .isEqualTo(replayed.json().path("type").asString());
            }
        } finally {
            replicas.forEach(TestHub::closeQuietly);
        }
    }
}
