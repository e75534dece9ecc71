package dev.mcphub.cluster;

import dev.mcphub.json.Json;
import dev.mcphub.marketplace.SharedCatalogue;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The marketplace registry one replica fetched, for the others: the key {@code mcp-hub:marketplace} (JSON: {@code
 * registry}, {@code fetchedAt} in epoch milliseconds) that expires when the fetch is older than the TTL, so Redis
 * itself forgets a stale catalogue.
 */
public final class RedisCatalogue implements SharedCatalogue {
    private static final Logger log = LoggerFactory.getLogger(RedisCatalogue.class);
    static final String KEY = "mcp-hub:marketplace";

    private final RedisSessions redis;

    /** Shares {@code redis}'s pool and reachability. */
    public RedisCatalogue(RedisSessions redis) {
        this.redis = redis;
    }

    @Override
    public @Nullable Fetched read() {
        if (!redis.reachable()) {
            return null;
        }
        try {
            String text = redis.client().get(KEY);
            if (text == null) {
                return null;
            }
            JsonNode root = Json.parse(text);
            JsonNode registry = root.get("registry");
            return registry == null || !registry.isObject()
                    ? null
                    : new Fetched(
                            registry,
                            Instant.ofEpochMilli(root.path("fetchedAt").asLong(0)));
        } catch (JedisException e) {
            redis.unreachable(e);
            return null;
        } catch (RuntimeException e) {
            log.warn("ignoring the shared marketplace catalogue in Redis: {}", e.getMessage());
            return null;
        }
    }

    @Override
    public void write(Fetched fetched, Duration ttl) {
        long left = Duration.between(Instant.now(), fetched.at().plus(ttl)).toMillis();
        if (left <= 0 || !redis.reachable()) {
            return;
        }
        ObjectNode root = Json.object();
        root.set("registry", fetched.registry());
        root.put("fetchedAt", fetched.at().toEpochMilli());
        try {
            redis.client().set(KEY, Json.text(root), SetParams.setParams().px(left));
        } catch (JedisException e) {
            redis.unreachable(e);
        }
    }
}
