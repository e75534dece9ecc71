package dev.mcphub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.testing.RedisServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster's event history on a real {@code redis-server} that goes away: a replica's events made meanwhile
 * are numbered locally (see {@code EventStream}), and join the history when Redis answers again, so another
 * replica hears them late rather than never.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RedisEventsIT {
    @TempDir
    Path dir;

    @Test
    void eventsMadeWhileRedisWasAwayReachTheOtherReplicasWhenItAnswersAgain() {
        record Heard(long id, String replica, String name, String payload) {}
        List<Heard> heardOnB = new CopyOnWriteArrayList<>();
        try (RedisServer redis = RedisServer.start(dir);
                RedisSessions a = new RedisSessions(URI.create(redis.url()), "a", Duration.ofMinutes(5));
                RedisSessions b = new RedisSessions(URI.create(redis.url()), "b", Duration.ofMinutes(5))) {
            RedisEvents onA = new RedisEvents(a, 100);
            RedisEvents onB = new RedisEvents(b, 100);
            a.start();
            b.start();
            onB.start((id, replica, name, payload, history) -> heardOnB.add(new Heard(id, replica, name, payload)));
            try {
                long before = onA.append("log", "{\"message\":\"before\"}");
                assertThat(before).isPositive();
                await().atMost(Duration.ofSeconds(10)).until(() -> heardOnB.size() == 1);

                redis.close();
                assertThat(onA.append("log", "{\"message\":\"away 1\"}")).isEqualTo(-1);
                assertThat(onA.append("log", "{\"message\":\"away 2\"}")).isEqualTo(-1);
                assertThat(a.reachable()).isFalse();
                redis.startAgain(); // Empty.

                await().atMost(Duration.ofSeconds(30)).until(() -> heardOnB.size() == 3);
                assertThat(heardOnB)
                        .extracting(Heard::payload)
                        .containsExactly(
                                "{\"message\":\"before\"}", "{\"message\":\"away 1\"}", "{\"message\":\"away 2\"}");
                assertThat(heardOnB)
                        .allSatisfy(heard -> assertThat(heard.replica()).isEqualTo("a"));
                assertThat(heardOnB.get(1).id()).isGreaterThan(before);
                assertThat(heardOnB.get(2).id()).isGreaterThan(heardOnB.get(1).id());
            } finally {
                onA.stop();
                onB.stop();
            }
        }
    }
}
