package dev.mcphub.events;

import dev.mcphub.http.SseChannel;
import java.time.Instant;
import java.util.UUID;

/** One client of {@code /api/events}, with the statistics {@code /api/health} shows. */
final class Subscriber {
    final String id = UUID.randomUUID().toString();
    final Instant connectedAt = Instant.now();
    final SseChannel channel;
    /** The lane that sends to this subscriber, set once when it joins. */
    volatile int lane;

    private volatile Instant lastEventAt;

    private final java.util.concurrent.atomic.LongAdder dropped;

    Subscriber(SseChannel channel, java.util.concurrent.atomic.LongAdder dropped) {
        this.channel = channel;
        this.dropped = dropped;
    }

    boolean send(byte[] frame) {
        boolean sent = channel.send(frame);
        if (sent) {
            lastEventAt = Instant.now();
        } else {
            dropped.increment();
        }
        return sent;
    }

    EventStream.Client client() {
        return new EventStream.Client(id, channel.isOpen(), connectedAt, lastEventAt);
    }
}
