package dev.mcphub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InFlightTest {
    @Test
    void aRequestCountsUntilItsCallbackCompletesOnceWhicheverWay() {
        InFlight inFlight = new InFlight();
        AtomicInteger completions = new AtomicInteger();
        Callback original = Callback.from(completions::incrementAndGet, failure -> completions.incrementAndGet());

        Callback first = inFlight.track(original);
        Callback second = inFlight.track(original);
        assertThat(inFlight.count()).isEqualTo(2);

        first.succeeded();
        first.failed(new IllegalStateException("late")); // A second completion is not counted twice.
        assertThat(inFlight.count()).isEqualTo(1);
        second.failed(new IllegalStateException("client gone"));
        assertThat(inFlight.count()).isZero();
        assertThat(completions).hasValue(3); // The wrapped callback itself still hears every call.
    }

    @Test
    void theDrainWaitsForTheLastRequestAndGivesUpAtItsLimit() throws Exception {
        InFlight inFlight = new InFlight();
        assertThat(inFlight.awaitNone(Duration.ZERO)).as("nothing in flight").isTrue();

        Callback call = inFlight.track(Callback.NOOP);
        assertThat(inFlight.awaitNone(Duration.ofMillis(50)))
                .as("still in flight at the limit")
                .isFalse();

        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
            try {
                return inFlight.awaitNone(Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        call.succeeded();
        assertThat(drained.get(20, TimeUnit.SECONDS)).isTrue();
    }
}
