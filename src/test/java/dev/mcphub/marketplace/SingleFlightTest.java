package dev.mcphub.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SingleFlightTest {
    private final SingleFlight<String, String> flight = new SingleFlight<>();

    @Test
    void concurrentCallersShareOneRun() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> results = new ConcurrentLinkedQueue<>();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            callers.add(Thread.ofPlatform()
                    .start(() -> results.add(flight.run("k", () -> {
                        runs.incrementAndGet();
                        awaitQuietly(release);
                        return "value";
                    }))));
        }
        // Every caller is parked: one inside the run, the others waiting for its result.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> callers.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
        release.countDown();
        for (Thread caller : callers) {
            caller.join();
        }
        assertThat(runs).hasValue(1);
        assertThat(results).hasSize(8).containsOnly("value");
    }

    @Test
    void aFailureReachesTheCallerAndTheNextCallRunsAgain() {
        assertThatThrownBy(() -> flight.run("k", () -> {
                    throw new IllegalStateException("down");
                }))
                .hasMessage("down");
        assertThat(flight.run("k", () -> "up")).isEqualTo("up");
    }

    @Test
    void differentKeysRunIndependently() {
        assertThat(flight.run("a", () -> flight.run("b", () -> "nested"))).isEqualTo("nested");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
