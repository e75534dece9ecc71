package dev.mcphub.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.cluster.RedisCatalogue;
import dev.mcphub.cluster.RedisSessions;
import dev.mcphub.json.Json;
import dev.mcphub.testing.RedisServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Two replicas' marketplaces, each with its own cache file, sharing one real {@code redis-server}: the registry
 * fixture is fetched once for both, and a replica whose Redis is gone fetches for itself.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SharedCatalogueIT {
    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path dir;

    @Test
    void oneFetchServesEveryReplicaAndWithoutRedisEachFetchesItsOwn() throws Exception {
        try (RegistryFixture registry = new RegistryFixture();
                RedisServer server = RedisServer.start(dir);
                RedisSessions a = replica(server, "a");
                RedisSessions b = replica(server, "b");
                Marketplace first = marketplace(registry, dir.resolve("a"), a);
                Marketplace second = marketplace(registry, dir.resolve("b"), b)) {
            List<String> fetched = ids(first.catalog(null, null, null, "name"));
            assertThat(fetched).isNotEmpty();
            assertThat(ids(second.catalog(null, null, null, "name"))).isEqualTo(fetched);
            assertThat(registry.registryRequests())
                    .as("one fetch for both replicas")
                    .isEqualTo(1);

            server.close();
            try (RedisSessions c = replica(server, "c");
                    Marketplace third = marketplace(registry, dir.resolve("c"), c)) {
                assertThat(ids(third.catalog(null, null, null, "name"))).isEqualTo(fetched);
                assertThat(registry.registryRequests())
                        .as("Redis away: its own fetch")
                        .isEqualTo(2);
            }
        }
    }

    private static RedisSessions replica(RedisServer server, String name) {
        RedisSessions redis = new RedisSessions(URI.create(server.url()), name, Duration.ofMinutes(5));
        redis.start();
        return redis;
    }

    private static Marketplace marketplace(RegistryFixture registry, Path cacheDir, RedisSessions redis) {
        Marketplace marketplace = new Marketplace(registry.settings(cacheDir, HOUR), Map.of(), warning -> {});
        marketplace.share(new RedisCatalogue(redis));
        marketplace.load(); // Not start(): no background refresh, so each fetch is the one a request asked for.
        return marketplace;
    }

    private static List<String> ids(JsonNode servers) {
        return Json.elements(servers).stream().map(s -> Json.string(s, "id")).toList();
    }
}
