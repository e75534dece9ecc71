package dev.mcphub.cluster;

import dev.mcphub.auth.ApiKey;
import dev.mcphub.auth.KeyFile;
import dev.mcphub.auth.KeyRing;
import dev.mcphub.auth.SharedKeys;
import dev.mcphub.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * API keys and their revocations shared through Redis: the hash {@code mcp-hub:api-keys} (a key's SHA-256 to the
 * key as the key file stores it: name, scopes, servers, dates; never the key), the hash {@code
 * mcp-hub:api-keys:revoked} (a revoked key's SHA-256 to its name and time), and the pub/sub channel {@code
 * mcp-hub:api-keys} that says something was added. Nothing is ever deleted here: a revocation is added, and a key
 * whose hash is in the revoked hash is refused whatever else says it exists ({@link KeyRing}), so a replica or a
 * Redis coming back from an outage with old keys cannot bring a revoked one back.
 */
public final class RedisKeys implements SharedKeys {
    private static final Logger log = LoggerFactory.getLogger(RedisKeys.class);
    static final String KEYS = "mcp-hub:api-keys";
    static final String REVOKED = "mcp-hub:api-keys:revoked";
    static final String CHANNEL = "mcp-hub:api-keys";

    private final RedisSessions redis;
    private volatile Runnable listener = () -> {};

    /** Shares {@code redis}'s pool, subscriber and reachability; made before it starts (the CLI never starts it). */
    public RedisKeys(RedisSessions redis) {
        this.redis = redis;
        redis.listen(CHANNEL, message -> listener.run());
    }

    @Override
    public @Nullable KeyRing read() {
        if (!redis.reachable()) {
            return null;
        }
        Map<String, String> keys = attempt(() -> redis.client().hgetAll(KEYS));
        Map<String, String> revoked = attempt(() -> redis.client().hgetAll(REVOKED));
        if (keys == null || revoked == null) {
            return null;
        }
        List<ApiKey> all = new ArrayList<>();
        keys.forEach((hash, text) -> parse(hash, () -> all.add(KeyFile.fromJson(Json.parse(text)))));
        Map<String, KeyRing.Revocation> gone = new LinkedHashMap<>();
        revoked.forEach((hash, text) -> parse(hash, () -> {
            KeyRing.Revocation r = KeyRing.Revocation.fromJson(Json.parse(text));
            gone.put(r.hash(), r);
        }));
        return new KeyRing(all, gone);
    }

    @Override
    public boolean add(KeyRing more) {
        if (!redis.reachable()) {
            return false;
        }
        // Revocations first, then the tidying of the keys hash below: no reader sees a revoked key as unrevoked.
        for (KeyRing.Revocation r : more.revoked().values()) {
            if (attempt(() -> redis.client().hset(REVOKED, r.hash(), Json.text(r.toJson()))) == null) {
                return false;
            }
        }
        for (ApiKey key : more.keys()) {
            if (attempt(() -> redis.client().hsetnx(KEYS, key.hash(), Json.text(KeyFile.toJson(key)))) == null) {
                return false;
            }
        }
        // The keys hash is tidied (a revoked key's entry goes); the revocation is what refuses it.
        if (!more.revoked().isEmpty()) {
            attempt(() -> redis.client().hdel(KEYS, more.revoked().keySet().toArray(String[]::new)));
        }
        return attempt(() -> redis.client().publish(CHANNEL, redis.replica())) != null;
    }

    @Override
    public void onChange(Runnable listener) {
        this.listener = listener;
        redis.onReconnect(listener);
    }

    private static void parse(String hash, Runnable parse) {
        try {
            parse.run();
        } catch (RuntimeException e) {
            log.warn(
                    "ignoring a malformed API key entry {} in Redis: {}",
                    hash.substring(0, Math.min(8, hash.length())),
                    e.getMessage());
        }
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
