package dev.mcphub.events;

import dev.mcphub.http.SseChannel;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/** One client of {@code /api/events}, with the statistics {@code /api/health} shows. */
final class Subscriber {
    /**
     * A random (version 4) UUID from {@link ThreadLocalRandom}: the id only tells clients apart in
     * {@code /api/health} and guards nothing, and {@link UUID#randomUUID} takes the shared SecureRandom's lock and a
     * SHA-1 round per subscriber (seen in the subscribe profile).
     */
    final String id = randomId();

    final Instant connectedAt = Instant.now();
    final SseChannel channel;
    /** The lane that sends to this subscriber, set once when it joins. */
    volatile int lane;

    /** Epoch millis of the last frame queued, 0 before the first: a clock read per frame, no object. */
    private volatile long lastEventMillis;

    private final LongAdder dropped;
    private final ServerScope scope;

    Subscriber(SseChannel channel, LongAdder dropped, ServerScope scope) {
        this.channel = channel;
        this.dropped = dropped;
        this.scope = scope;
    }

    /** Queues the frame as this client may see it; a frame about none of its servers is not for it (true). */
    boolean send(Frame frame) {
        byte[] bytes = scope.view(frame);
        if (bytes == null) {
            return true;
        }
        boolean sent = channel.send(bytes);
        if (sent) {
            lastEventMillis = System.currentTimeMillis();
        } else {
            dropped.increment();
        }
        return sent;
    }

    EventStream.Client client() {
        long last = lastEventMillis;
        return new EventStream.Client(id, channel.isOpen(), connectedAt, last == 0 ? null : Instant.ofEpochMilli(last));
    }

    private static String randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(high, low).toString();
    }
}
