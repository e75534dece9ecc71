package dev.mcphub.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class EventBusTest {
    @Test
    void drainWaitsUntilTheLastEventHasReachedTheSubscribersNotJustLeftTheQueue() throws Exception {
        List<HubEvent> received = new CopyOnWriteArrayList<>();
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (EventBus bus = new EventBus()) {
            bus.subscribe(event -> {
                taken.countDown();
                awaitQuietly(release);
                received.add(event);
            });
            bus.start();
            bus.publish(new HubEvent.StateChanged(HubState.STOPPED));
            taken.await();

            Thread drain = Thread.ofVirtual().start(() -> drainQuietly(bus));
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(drain::isAlive);
            release.countDown();
            drain.join(Duration.ofSeconds(5));

            assertThat(drain.isAlive()).isFalse();
            assertThat(received).hasSize(1);
        }
    }

    @Test
    void eventsReachSubscribersInTheOrderTheyWerePublished() throws Exception {
        List<HubState> states = new CopyOnWriteArrayList<>();
        try (EventBus bus = new EventBus()) {
            bus.subscribe(event -> states.add(((HubEvent.StateChanged) event).state()));
            bus.start();
            for (HubState state : HubState.values()) {
                bus.publish(new HubEvent.StateChanged(state));
            }
            bus.drain(5_000);

            assertThat(states).containsExactly(HubState.values());
        }
    }

    private static void drainQuietly(EventBus bus) {
        try {
            bus.drain(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
