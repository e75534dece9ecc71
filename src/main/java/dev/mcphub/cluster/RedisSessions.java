package dev.mcphub.cluster;

import dev.mcphub.json.Json;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Sessions shared through Redis: one string key per session ({@code mcp-hub:session:ID}, JSON, with a TTL) and
 * one pub/sub channel ({@code mcp-hub:push}) that every replica listens to. Redis being unreachable is a state,
 * not an error: calls fail softly, the replica serves its own sessions, a warning says so once, and when Redis
 * answers again the reconnect listeners re-save what the replica holds (a restarted Redis may have lost it).
 */
public final class RedisSessions implements SharedSessions, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisSessions.class);
    static final String PREFIX = "mcp-hub:session:";
    static final String CHANNEL = "mcp-hub:push";

    private final URI url;
    private final String replica;
    private final long ttlSeconds;
    private final List<Consumer<Push>> pushListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
    /** Further channels the other shared parts listen to, by name; registered before {@link #start()}. */
    private final java.util.Map<String, Consumer<String>> channels = new java.util.concurrent.ConcurrentHashMap<>();

    private final AtomicBoolean up = new AtomicBoolean(true);
    private final java.util.concurrent.atomic.AtomicLong pushEpoch = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean running;
    private final RedisClient client;
    private @Nullable ScheduledExecutorService probe;
    private @Nullable Thread subscriber;
    private final PushListener pubsub = new PushListener();

    /** No I/O: {@link #start()} connects. */
    public RedisSessions(URI url, String replica, Duration ttl) {
        this.url = url;
        this.replica = replica;
        this.ttlSeconds = Math.max(1, ttl.toSeconds());
        this.client = RedisClient.create(url); // A pool that connects on first use.
    }

    /** Where Redis is, without any password the URL may carry: what logs may say. */
    public String where() {
        return url.getHost() + ":" + (url.getPort() < 0 ? 6379 : url.getPort());
    }

    public void start() {
        running = true;
        try {
            client.ping();
        } catch (JedisException e) {
            down(e);
        }
        subscriber = Thread.ofPlatform().daemon().name("redis-push").start(this::listen);
        probe = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("redis-probe").factory());
        probe.scheduleWithFixedDelay(this::probe, 1, 1, TimeUnit.SECONDS);
    }

    /** The pool, for the other shared parts ({@link RedisEvents}). */
    RedisClient client() {
        return client;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public boolean reachable() {
        return up.get();
    }

    @Override
    public String replica() {
        return replica;
    }

    @Override
    public void save(SessionRecord session) {
        run(() -> client.setex(PREFIX + session.id(), ttlSeconds, Json.text(session)));
    }

    @Override
    public Optional<SessionRecord> load(String id) {
        try {
            String text = client.get(PREFIX + id);
            up();
            return text == null ? Optional.empty() : Optional.of(Json.MAPPER.readValue(text, SessionRecord.class));
        } catch (JedisException e) {
            down(e);
            return Optional.empty();
        }
    }

    @Override
    public boolean refresh(String id) {
        try {
            boolean exists = client.expire(PREFIX + id, ttlSeconds) == 1;
            up();
            return exists;
        } catch (JedisException e) {
            down(e);
            return true; // Nothing to save it to now; the reconnect re-saves it.
        }
    }

    @Override
    public long pushEpoch() {
        return pushEpoch.get();
    }

    @Override
    public void remove(String id) {
        run(() -> client.del(PREFIX + id));
    }

    @Override
    public boolean publish(Push push) {
        return run(() -> client.publish(CHANNEL, Json.text(push)));
    }

    @Override
    public void onPush(Consumer<Push> listener) {
        pushListeners.add(listener);
    }

    @Override
    public void onReconnect(Runnable listener) {
        reconnectListeners.add(listener);
    }

    @Override
    public void close() {
        running = false;
        if (probe != null) {
            probe.shutdownNow();
        }
        try {
            if (pubsub.isSubscribed()) {
                pubsub.unsubscribe();
            }
        } catch (JedisException | IllegalStateException e) {
            // The connection is gone already.
        }
        if (subscriber != null) {
            subscriber.interrupt();
        }
        client.close();
    }

    private boolean run(Runnable command) {
        try {
            command.run();
            up();
            return true;
        } catch (JedisException e) {
            down(e);
            return false;
        }
    }

    private void up() {
        if (up.compareAndSet(false, true)) {
            log.info("Redis at {} answers again: shared sessions resume, this replica re-saves its own", where());
            reconnectListeners.forEach(listener -> Thread.ofVirtual().start(listener));
        }
    }

    /** Hears the messages of one more channel (for another shared part); before {@link #start()}. */
    void listen(String channel, Consumer<String> listener) {
        channels.put(channel, listener);
    }

    /** Another shared part found Redis away. */
    void unreachable(JedisException e) {
        down(e);
    }

    private void down(JedisException e) {
        pushEpoch.incrementAndGet(); // Pushes may be missed from now on: copies read the record again.
        if (up.compareAndSet(true, false)) {
            log.warn(
                    "Redis at {} is unreachable ({}): this replica serves its own sessions alone until it answers",
                    where(),
                    e.getMessage());
        }
    }

    private void probe() {
        if (!up.get()) {
            try {
                client.ping();
                up();
            } catch (JedisException e) {
                // Still down; the warning was given.
            }
        }
    }

    /** Listens to the channel for as long as the replica runs, subscribing again after each loss of Redis. */
    private void listen() {
        while (running) {
            try {
                java.util.List<String> all = new java.util.ArrayList<>(channels.keySet());
                all.add(CHANNEL);
                client.subscribe(pubsub, all.toArray(String[]::new));
            } catch (JedisException e) {
                if (running) {
                    down(e);
                }
            }
            pushEpoch.incrementAndGet(); // Not subscribed any more (also after an orderly unsubscribe).
            try {
                Thread.sleep(500); // Redis is away: try again soon, without spinning.
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private final class PushListener extends JedisPubSub {
        @Override
        public void onSubscribe(String channel, int count) {
            pushEpoch.incrementAndGet(); // Pushes before this moment were not heard.
            up();
        }

        @Override
        public void onMessage(String channel, String message) {
            Consumer<String> other = channels.get(channel);
            if (other != null) {
                try {
                    other.accept(message);
                } catch (RuntimeException e) {
                    log.warn("handling a message on {} failed", channel, e);
                }
                return;
            }
            Push push;
            try {
                push = Json.MAPPER.readValue(message, Push.class);
            } catch (RuntimeException e) {
                log.warn("ignoring a malformed push on {}: {}", CHANNEL, e.getMessage());
                return;
            }
            if (push.from().equals(replica)) {
                return;
            }
            for (Consumer<Push> listener : pushListeners) {
                try {
                    listener.accept(push);
                } catch (RuntimeException e) {
                    log.warn("handling a push for session {} failed", push.session(), e);
                }
            }
        }
    }
}
