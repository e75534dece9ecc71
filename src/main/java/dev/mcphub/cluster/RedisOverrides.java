package dev.mcphub.cluster;

import dev.mcphub.hub.SharedOverrides;
import dev.mcphub.json.Json;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API's enable/disable overrides shared through Redis: one hash ({@code mcp-hub:overrides}, server name to
 * {@code enabled} or {@code disabled}) that a replica reads when it starts, and a pub/sub channel of the same name
 * on which each change reaches the replicas running now.
 */
public final class RedisOverrides implements SharedOverrides {
    private static final Logger log = LoggerFactory.getLogger(RedisOverrides.class);
    static final String KEY = "mcp-hub:overrides";
    static final String CHANNEL = "mcp-hub:overrides";

    private final RedisSessions redis;
    private volatile BiConsumer<String, @Nullable String> listener = (server, value) -> {};

    /** Shares {@code redis}'s connection pool, subscriber and reachability; made before {@code redis} starts. */
    public RedisOverrides(RedisSessions redis) {
        this.redis = redis;
        redis.listen(CHANNEL, this::heard);
    }

    @Override
    public Map<String, String> all() {
        if (!redis.reachable()) {
            return Map.of();
        }
        Map<String, String> all = attempt(() -> redis.client().hgetAll(KEY));
        return all == null ? Map.of() : all;
    }

    @Override
    public void put(String server, @Nullable String value) {
        if (!redis.reachable()) {
            return;
        }
        attempt(() -> value == null
                ? redis.client().hdel(KEY, server)
                : redis.client().hset(KEY, server, value));
        ObjectNode message = Json.object().put("from", redis.replica()).put("server", server);
        message.put("value", value);
        attempt(() -> redis.client().publish(CHANNEL, message.toString()));
    }

    @Override
    public void offer(String server, String value) {
        if (redis.reachable()) {
            attempt(() -> redis.client().hsetnx(KEY, server, value));
        }
    }

    @Override
    public void onChange(BiConsumer<String, @Nullable String> listener) {
        this.listener = listener;
    }

    @Override
    public void onReconnect(Runnable listener) {
        redis.onReconnect(listener);
    }

    private void heard(String text) {
        JsonNode message = Json.parse(text);
        String server = Json.string(message, "server");
        if (server == null || redis.replica().equals(Json.string(message, "from"))) {
            return;
        }
        log.debug("{}: another replica set its override to {}", server, Json.string(message, "value"));
        listener.accept(server, Json.string(message, "value"));
    }

    private <T> @Nullable T attempt(Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisException e) {
            redis.unreachable(e);
            return null;
        }
    }
}
