package dev.mcphub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.RedisServer;
import dev.mcphub.testing.ServersJson;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import tools.jackson.databind.JsonNode;

/**
 * Two real replicas (each its own state directory) on one real {@code redis-server}: what one's REST API enables
 * or disables, the other does too, a Redis restarted empty gets it back from them, and a replica started later
 * begins with it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SharedOverridesIT {
    private static final Duration READY = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aServerDisabledThroughOneReplicaIsDisabledOnTheOthersAndOnOneStartedAfterRedisRestartedEmpty()
            throws Exception {
        Path config = ServersJson.create()
                .stdio("memory", Fixtures.npmServer("server-memory"))
                .write(dir.resolve("servers.json"));
        try (RedisServer redis = RedisServer.start(dir);
                HubProcess a = replica("a", config, redis);
                HubProcess b = replica("b", config, redis)) {
            awaitStatus(a, "connected");
            awaitStatus(b, "connected");

            HubProcess.Reply stopped = a.post("/api/servers/stop?disable=true", "{\"server_name\":\"memory\"}");
            assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
            awaitStatus(b, "disabled");

            redis.restart(); // Empty: the replicas offer what they hold again when they see it back.
            try (RedisClient direct = RedisClient.create(URI.create(redis.url()))) {
                await().atMost(Duration.ofSeconds(30))
                        .ignoreExceptions()
                        .until(() -> "disabled".equals(direct.hget(RedisOverrides.KEY, "memory")));
            }

            try (HubProcess c = replica("c", config, redis)) {
                assertThat(status(c)).as("a replica started later catches up").isEqualTo("disabled");
            }

            HubProcess.Reply started = b.post("/api/servers/start", "{\"server_name\":\"memory\"}");
            assertThat(started.status()).as(started.body()).isEqualTo(200);
            awaitStatus(a, "connected");
        }
    }

    private HubProcess replica(String name, Path config, RedisServer redis) throws Exception {
        return HubProcess.builder(Files.createDirectory(dir.resolve(name)))
                .config(config)
                .args("--redis", redis.url(), "--replica", name)
                .start()
                .awaitReady(READY);
    }

    private static void awaitStatus(HubProcess hub, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> status.equals(status(hub)));
    }

    private static String status(HubProcess hub) throws Exception {
        for (JsonNode server : Json.elements(hub.get("/api/servers").json().get("servers"))) {
            if ("memory".equals(server.path("name").asString())) {
                return server.path("status").asString();
            }
        }
        return "missing";
    }
}
