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
    private volatile boolean running;
    private @Nullable Thread reader;

    /** Shares {@code redis}'s connection pool and reachability; keeps about {@code keep} events. */
    public RedisEvents(RedisSessions redis, int keep) {
        this.redis = redis;
        this.keep = keep;
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
        if (!redis.reachable()) {
            return -1; // Per replica until Redis answers: events are numbered locally meanwhile.
        }
        try {
            StreamEntryID id = redis.client()
                    .xadd(
                            STREAM,
                            XAddParams.xAddParams().maxLen(keep).approximateTrimming(),
                            Map.of("replica", replica(), "name", name, "payload", payload));
            return number(id);
        } catch (JedisException e) {
            log.warn("cannot append an event to Redis: {}", e.getMessage());
            return -1;
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
