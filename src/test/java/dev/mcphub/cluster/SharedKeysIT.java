package dev.mcphub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.auth.KeysCli;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.RedisServer;
import dev.mcphub.testing.ServersJson;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * Two real replicas (each its own home, so its own key file) on one real {@code redis-server}, keys made and
 * revoked with {@code mcp-hub keys --redis} as an operator would: a key made on one machine works on the other, a
 * revocation on one holds on the other, and neither a Redis that was away (and came back empty) nor a replica
 * started later from an old key file brings a revoked key back.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SharedKeysIT {
    private static final Duration READY = Duration.ofSeconds(60);
    private static final Duration SOON = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void aKeyMadeOnOneReplicaWorksOnTheOtherAndARevocationHoldsThroughARedisOutageAndOnALaterReplica()
            throws Exception {
        Path config = ServersJson.create().write(dir.resolve("servers.json"));
        try (RedisServer redis = RedisServer.start(dir);
                HubProcess a = replica("a", config, redis).awaitReady(READY);
                HubProcess b = replica("b", config, redis).awaitReady(READY)) {
            String ci = KeysCli.create(a.home(), "ci", "--scope", "read", "--redis", redis.url());
            String ops = KeysCli.create(a.home(), "ops", "--scope", "admin", "--redis", redis.url());
            await().atMost(SOON).until(() -> status(b, ci) == 200);
            assertThat(status(b, null))
                    .as("b is guarded by keys it never had in its file")
                    .isEqualTo(401);
            Path stale = Files.createDirectories(dir.resolve("c/home/state/mcp-hub"));
            Files.copy(a.home().resolve("state/mcp-hub/api-keys.json"), stale.resolve("api-keys.json"));

            KeysCli.Result revoked = KeysCli.run(b.home(), "revoke", "ci", "--redis", redis.url());
            assertThat(revoked.exit()).as(revoked.stderr()).isZero();
            await().atMost(SOON).until(() -> status(a, ci) == 401);
            assertThat(status(a, ops)).isEqualTo(200);

            redis.close(); // Away: each replica goes on with its file; a key made meanwhile lives in one file.
            KeysCli.Result late = KeysCli.run(b.home(), "create", "late", "--scope", "read", "--redis", redis.url());
            assertThat(late.exit()).as(late.stderr()).isZero();
            assertThat(late.stderr()).contains("unreachable");
            String lateKey = late.stdout().trim();
            await().atMost(SOON).until(() -> status(b, lateKey) == 200);
            assertThat(status(b, ci)).isEqualTo(401);

            redis.startAgain(); // Empty: the replicas give it back what they hold, the revocation included.
            try (RedisClient direct = RedisClient.create(URI.create(redis.url()))) {
                await().atMost(SOON)
                        .ignoreExceptions()
                        .until(() -> direct.hget(RedisKeys.REVOKED, sha256(ci)) != null
                                && direct.hget(RedisKeys.KEYS, sha256(lateKey)) != null);
                await().atMost(SOON).until(() -> status(a, lateKey) == 200);
                assertThat(status(a, ci)).isEqualTo(401);
                assertThat(status(b, ci)).isEqualTo(401);

                try (HubProcess c = HubProcess.builder(dir.resolve("c"))
                        .home(dir.resolve("c/home"))
                        .config(config)
                        .args("--redis", redis.url(), "--replica", "c")
                        .start()) {
                    assertThat(status(c, ci))
                            .as("an old key file does not resurrect a revoked key")
                            .isEqualTo(401);
                    assertThat(status(c, ops)).isEqualTo(200);
                    assertThat(status(c, lateKey)).isEqualTo(200);
                }
                assertThat(direct.hget(RedisKeys.KEYS, sha256(ci))).isNull();
                String everything = String.join(
                        "\n",
                        List.of(
                                String.valueOf(direct.hgetAll(RedisKeys.KEYS)),
                                String.valueOf(direct.hgetAll(RedisKeys.REVOKED))));
                assertThat(everything).doesNotContain(ci).doesNotContain(ops).doesNotContain(lateKey);
            }
        }
    }

    private HubProcess replica(String name, Path config, RedisServer redis) throws Exception {
        return HubProcess.builder(Files.createDirectory(dir.resolve(name)))
                .config(config)
                .args("--redis", redis.url(), "--replica", name)
                .start();
    }

    /** The status of a read with this key (null: none). */
    private static int status(HubProcess hub, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.url("/api/servers")))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return hub.send(request).status();
    }

    private static String sha256(String key) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }
}
