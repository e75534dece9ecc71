package dev.mcphub.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands a frame to every subscriber on a few lanes at once, one per core: a thousand subscribers are
 * served in a fraction of the time one thread takes. A subscriber stays on its lane and each lane runs its
 * work in order, so every subscriber gets frames in the order they were broadcast.
 */
final class Lanes implements AutoCloseable {
    private final List<Lane> lanes = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    private record Lane(Set<Subscriber> subscribers, ExecutorService work) {}

    Lanes(int count) {
        for (int i = 0; i < count; i++) {
            lanes.add(new Lane(
                    ConcurrentHashMap.newKeySet(),
                    Executors.newSingleThreadExecutor(
                            Thread.ofVirtual().name("events-lane-" + i).factory())));
        }
    }

    void add(Subscriber subscriber) {
        subscriber.lane = Math.floorMod(next.getAndIncrement(), lanes.size());
        lanes.get(subscriber.lane).subscribers().add(subscriber);
    }

    void remove(Subscriber subscriber) {
        lanes.get(subscriber.lane).subscribers().remove(subscriber);
    }

    void broadcast(Frame frame) {
        for (Lane lane : lanes) {
            if (!lane.subscribers().isEmpty()) {
                lane.work().execute(() -> lane.subscribers().forEach(subscriber -> subscriber.send(frame)));
            }
        }
    }

    @Override
    public void close() {
        lanes.forEach(lane -> lane.work().shutdown());
    }
}
