package dev.mcphub.cluster;

import dev.mcphub.upstream.oauth.SharedCredentials;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * OAuth credentials to upstream servers shared through Redis: one string key per server URL
 * ({@code mcp-hub:oauth:URL}, the token file's entry, no TTL) and a refresh lock beside it
 * ({@code mcp-hub:oauth-lock:URL}, {@code SET NX PX} with a token of its holder, released only by that holder), so
 * that one replica spends a rotating refresh token and the others take its result. An authorization the user has
 * yet to give waits under {@code mcp-hub:oauth-pending:SHA256(state)} (with a TTL), for whichever replica the
 * browser returns to. Redis away: nothing is
 * shared, the lock holds nothing, each replica goes on with its own token file.
 */
public final class RedisCredentials implements SharedCredentials {
    private static final Logger log = LoggerFactory.getLogger(RedisCredentials.class);
    static final String PREFIX = "mcp-hub:oauth:";
    static final String LOCK_PREFIX = "mcp-hub:oauth-lock:";
    static final String PENDING_PREFIX = "mcp-hub:oauth-pending:";
    /** The lock ends by itself after this, should its holder die mid-refresh. */
    private static final Duration LEASE = Duration.ofSeconds(35);

    private static final Duration POLL = Duration.ofMillis(25);
    private static final String RELEASE =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private final RedisSessions redis;

    /** Shares {@code redis}'s connection pool and reachability. */
    public RedisCredentials(RedisSessions redis) {
        this.redis = redis;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public @Nullable String load(String serverUrl) {
        if (!redis.reachable()) {
            return null;
        }
        return attempt(() -> redis.client().get(PREFIX + serverUrl));
    }

    @Override
    public boolean save(String serverUrl, @Nullable String entry) {
        if (!redis.reachable()) {
            return false;
        }
        Long done = attempt(() -> entry == null
                ? redis.client().del(PREFIX + serverUrl)
                : ("OK".equals(redis.client().set(PREFIX + serverUrl, entry)) ? 1L : 0L));
        return done != null;
    }

    @Override
    public boolean offer(String serverUrl, String entry) {
        if (!redis.reachable()) {
            return false;
        }
        Long set = attempt(() -> redis.client().setnx(PREFIX + serverUrl, entry));
        return set != null && set == 1;
    }

    @Override
    public boolean pend(String state, String pending, Duration ttl) {
        return redis.reachable()
                && attempt(() -> redis.client().setex(pendingKey(state), Math.max(1, ttl.toSeconds()), pending))
                        != null;
    }

    @Override
    public boolean reachable() {
        return redis.reachable();
    }

    @Override
    public @Nullable String claim(String state) {
        return redis.reachable() ? attempt(() -> redis.client().getDel(pendingKey(state))) : null;
    }

    /** The state is the secret of a redirect: the key names only its hash. */
    static String pendingKey(String state) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(state.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return PENDING_PREFIX + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public Held lock(String serverUrl, Duration wait) {
        String key = LOCK_PREFIX + serverUrl;
        String token = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + wait.toNanos();
        SetParams params = SetParams.setParams().nx().px(LEASE.toMillis());
        while (redis.reachable()) {
            String answer = attempt(() -> String.valueOf(redis.client().set(key, token, params)));
            if (answer == null) {
                break; // Redis went away: alone.
            }
            if (answer.equals("OK")) {
                return () -> attempt(() -> redis.client().eval(RELEASE, List.of(key), List.of(token)));
            }
            if (System.nanoTime() > deadline) {
                log.warn("the OAuth refresh lock of a server stayed held for {} s; refreshing alone", wait.toSeconds());
                break;
            }
            try {
                Thread.sleep(POLL); // Another replica refreshes: usually a few milliseconds of an HTTP exchange.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return () -> {};
    }

    /** Runs a command; null when Redis did not answer (said once, and probed for until it answers again). */
    private <T> @Nullable T attempt(Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisException e) {
            redis.unreachable(e);
            return null;
        }
    }
}
