package dev.mcphub.cluster;

import dev.mcphub.audit.SharedAudit;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;

/**
 * Every replica's audit lines in one Redis stream, {@code mcp-hub:audit}, capped at about {@code keep} entries,
 * each with the fields {@code replica} and {@code entry} (the line as the replica's file has it). Lines are queued
 * and sent by one thread, in order, so a call never waits for Redis; while Redis is away they wait (up to {@link
 * #MAX_WAITING}, the oldest dropped beyond that with a warning; the replica's file has them all) and are sent when
 * it answers again.
 */
public final class RedisAudit implements SharedAudit {
    private static final Logger log = LoggerFactory.getLogger(RedisAudit.class);
    static final String STREAM = "mcp-hub:audit";
    static final int MAX_WAITING = 100_000;

    private final RedisSessions redis;
    private final long keep;
    private final LinkedBlockingDeque<String> waiting = new LinkedBlockingDeque<>();
    private @Nullable Thread sender;
    private volatile boolean running;
    private long dropped;

    /** Shares {@code redis}'s pool and reachability; no I/O until {@link #start()}. */
    public RedisAudit(RedisSessions redis, long keep) {
        this.redis = redis;
        this.keep = keep;
    }

    public void start() {
        running = true;
        sender = Thread.ofVirtual().name("redis-audit").start(this::send);
    }

    @Override
    public void append(String line) {
        while (waiting.size() >= MAX_WAITING && waiting.pollFirst() != null) {
            if (dropped++ == 0) {
                log.warn("Redis is away too long: the oldest audit lines reach only this replica's file");
            }
        }
        waiting.addLast(line);
    }

    /** Sends what waits, for at most half a second more: every line is in the replica's file anyway. */
    @Override
    public void close() {
        running = false;
        Thread thread = sender;
        if (thread != null) {
            try {
                thread.join(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread.interrupt();
        }
    }

    private void send() {
        while (running || !waiting.isEmpty()) {
            String line;
            try {
                line = waiting.pollFirst(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (line == null) {
                if (!running) {
                    return;
                }
                continue;
            }
            while (!sent(line)) {
                try {
                    Thread.sleep(250); // Away: Redis's own probe says when it answers again.
                } catch (InterruptedException e) {
                    return;
                }
                if (!running) {
                    return;
                }
            }
        }
    }

    private boolean sent(String line) {
        if (!redis.reachable()) {
            return false;
        }
        try {
            redis.client()
                    .xadd(
                            STREAM,
                            XAddParams.xAddParams().maxLen(keep).approximateTrimming(),
                            Map.of("replica", redis.replica(), "entry", line));
            return true;
        } catch (JedisException e) {
            redis.unreachable(e);
            return false;
        }
    }
}
