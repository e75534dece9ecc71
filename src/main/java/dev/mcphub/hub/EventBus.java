package dev.mcphub.hub;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers hub events to subscribers in the order they were published, on one thread of its own, so that
 * a publisher (an upstream's thread, a REST handler) never waits for a subscriber. Subscribers must be
 * quick: they hand the event on to their own queues.
 */
public final class EventBus implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventBus.class);
    private static final HubEvent STOP = new HubEvent.ConfigChanged(null, false);

    private final List<Consumer<HubEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<HubEvent> queue = new LinkedBlockingQueue<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private volatile Thread dispatcher;

    public void subscribe(Consumer<HubEvent> subscriber) {
        subscribers.add(subscriber);
    }

    public void publish(HubEvent event) {
        published.incrementAndGet();
        queue.add(event);
    }

    public void start() {
        dispatcher = Thread.ofVirtual().name("event-bus").start(this::dispatch);
    }

    /** Delivers what is queued, then stops; waits at most two seconds. */
    @Override
    public void close() {
        Thread thread = dispatcher;
        if (thread == null) {
            return;
        }
        dispatcher = null;
        queue.add(STOP);
        try {
            thread.join(java.time.Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until everything published so far has been delivered; for orderly shutdown and tests. */
    public void drain(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        long target = published.get();
        // Not queue.isEmpty(): the last event may have been taken but not yet handed to the subscribers.
        while (delivered.get() < target && System.currentTimeMillis() < deadline) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private void dispatch() {
        while (true) {
            HubEvent event;
            try {
                event = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (event == STOP) {
                return;
            }
            for (Consumer<HubEvent> subscriber : subscribers) {
                try {
                    subscriber.accept(event);
                } catch (RuntimeException e) {
                    log.warn("event subscriber failed on {}", event.getClass().getSimpleName(), e);
                }
            }
            delivered.incrementAndGet();
        }
    }
}
