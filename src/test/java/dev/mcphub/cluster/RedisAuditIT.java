package dev.mcphub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.audit.AuditEntry;
import dev.mcphub.audit.AuditTrail;
import dev.mcphub.testing.RedisServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.resps.StreamEntry;

/**
 * A replica's audit trail with a real {@code redis-server}: every line goes to its file and to the cluster's stream
 * with the replica's name, and lines written while Redis is away reach the stream, in order, when it is back.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RedisAuditIT {
    private static final Duration SOON = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void everyLineReachesTheClusterStreamWithItsReplicaAlsoThoseWrittenWhileRedisWasAway() throws Exception {
        try (RedisServer server = RedisServer.start(dir);
                RedisSessions redis = new RedisSessions(URI.create(server.url()), "hub-1", Duration.ofMinutes(5));
                RedisClient direct = RedisClient.create(URI.create(server.url()))) {
            redis.start();
            RedisAudit cluster = new RedisAudit(redis, 1_000);
            cluster.start();
            AuditTrail trail = new AuditTrail(dir.resolve("audit"), () -> true, false);
            trail.share(cluster);
            for (int i = 0; i < 3; i++) {
                trail.record(AuditEntry.failedSignIn("10.0.0." + i, "/mcp", "bad key", 0));
            }
            await().atMost(SOON).until(() -> direct.xlen(RedisAudit.STREAM) == 3);
            assertThat(entries(direct)).isEqualTo(Files.readAllLines(trail.file()));
            assertThat(direct.xrange(RedisAudit.STREAM, "-", "+").getFirst().getFields())
                    .containsEntry("replica", "hub-1");

            server.close();
            for (int i = 3; i < 6; i++) {
                trail.record(AuditEntry.failedSignIn("10.0.0." + i, "/mcp", "bad key", 0));
            }
            assertThat(Files.readAllLines(trail.file())).hasSize(6);
            server.startAgain(); // Empty: what was sent before is gone with it; what waited arrives.
            await().atMost(SOON).ignoreExceptions().until(() -> direct.xlen(RedisAudit.STREAM) == 3);
            assertThat(entries(direct))
                    .isEqualTo(Files.readAllLines(trail.file()).subList(3, 6));
            trail.close();
        }
    }

    private static List<String> entries(RedisClient direct) {
        return direct.xrange(RedisAudit.STREAM, "-", "+").stream()
                .map(StreamEntry::getFields)
                .map(fields -> fields.get("entry"))
                .toList();
    }
}
