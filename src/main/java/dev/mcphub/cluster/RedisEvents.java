package dev.mcphub.cluster;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The cluster's events in one Redis Stream ({@code mcp-hub:events}, trimmed to about the replay size). An event's
 * SSE id is its stream id as one number ({@code milliseconds * 1000 + sequence}): Redis orders them across
 * replicas, they fit a JavaScript number, and every replica derives the same id from the same entry.
 */
public final class RedisEvents implements SharedEvents {
    private static final Logger log = LoggerFactory.getLogger(RedisEvents.class);
    static final String STREAM = "mcp-hub:events";

    private final RedisSessions redis;
    private final int keep;
    /** Events this replica made while Redis was away (at most {@code keep}), appended when it answers again. */
    private final java.util.ArrayDeque<Map<String, String>> unshared = new java.util.ArrayDeque<>();

    private volatile boolean running;
    private @Nullable Thread reader;

    /** Shares {@code redis}'s connection pool and reachability; keeps about {@code keep} events. */
    public RedisEvents(RedisSessions redis, int keep) {
        this.redis = redis;
        this.keep = keep;
        redis.onReconnect(this::flush);
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public String replica() {
        return redis.replica();
    }

    @Override
    public long append(String name, String payload) {
        Map<String, String> fields = Map.of("replica", replica(), "name", name, "payload", payload);
        if (!redis.reachable()) {
            keepForLater(fields);
            return -1; // Per replica until Redis answers: events are numbered locally meanwhile.
        }
        try {
            return number(add(fields));
        } catch (JedisException e) {
            // Said once; the probe notices Redis again. No more round trips (nor timeouts) per event meanwhile.
            redis.unreachable(e);
            keepForLater(fields);
            return -1;
        }
    }

    private StreamEntryID add(Map<String, String> fields) {
        return redis.client().xadd(STREAM, XAddParams.xAddParams().maxLen(keep).approximateTrimming(), fields);
    }

    private void keepForLater(Map<String, String> fields) {
        synchronized (unshared) {
            if (unshared.size() == keep) {
                unshared.removeFirst();
            }
            unshared.addLast(fields);
        }
    }

    /**
     * Redis answers again: the events made meanwhile join the cluster's history, in order, with new ids (this
     * replica's clients had them under its local ids; the others hear them now).
     */
    private void flush() {
        int count = 0;
        while (true) {
            Map<String, String> next;
            synchronized (unshared) {
                next = unshared.peekFirst();
            }
            if (next == null) {
                break;
            }
            try {
                add(next);
            } catch (JedisException e) {
                redis.unreachable(e);
                return; // Kept for the next time it answers.
            }
            synchronized (unshared) {
                unshared.pollFirst();
            }
            count++;
        }
        if (count > 0) {
            log.info("appended {} events made while Redis was away to the cluster's history", count);
        }
    }

    @Override
    public void start(Listener listener) {
        running = true;
        reader = Thread.ofPlatform().daemon().name("redis-events").start(() -> read(listener));
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = reader;
        if (thread != null) {
            thread.interrupt();
        }
    }

    static long number(StreamEntryID id) {
        return id.getTime() * 1000 + Math.min(id.getSequence(), 999);
    }

    private void read(Listener listener) {
        StreamEntryID last = history(listener);
        while (running) {
            try {
                List<Map.Entry<String, List<StreamEntry>>> batches = redis.client()
                        .xread(XReadParams.xReadParams().block(1_000).count(100), Map.of(STREAM, last));
                if (batches != null) {
                    for (Map.Entry<String, List<StreamEntry>> batch : batches) {
                        for (StreamEntry entry : batch.getValue()) {
                            last = entry.getID();
                            deliver(listener, entry, false);
                        }
                    }
                }
            } catch (JedisException e) {
                if (!pause()) {
                    return;
                }
            }
        }
    }

    /** The recent events, oldest first, as history; where live reading goes on from. */
    private StreamEntryID history(Listener listener) {
        while (running) {
            try {
                List<StreamEntry> recent = redis.client().xrevrange(STREAM, "+", "-", keep);
                for (int i = recent.size() - 1; i >= 0; i--) {
                    deliver(listener, recent.get(i), true);
                }
                return recent.isEmpty()
                        ? new StreamEntryID(0, 0)
                        : recent.getFirst().getID();
            } catch (JedisException e) {
                if (!pause()) {
                    break;
                }
            }
        }
        return new StreamEntryID(0, 0);
    }

    private void deliver(Listener listener, StreamEntry entry, boolean history) {
        Map<String, String> fields = entry.getFields();
        String from = fields.getOrDefault("replica", "");
        String name = fields.get("name");
        String payload = fields.get("payload");
        if (name == null || payload == null || (!history && from.equals(replica()))) {
            return; // Its own events were sent to its clients as they happened.
        }
        try {
            listener.event(number(entry.getID()), from, name, payload, history);
        } catch (RuntimeException e) {
            log.warn("ignoring event {} of replica {}: {}", entry.getID(), from, e.toString());
        }
    }

    private boolean pause() {
        try {
            Thread.sleep(500); // Redis is away: try again soon, without spinning.
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
