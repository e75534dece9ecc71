package dev.mcphub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IdleDetectionTest {
    @Test
    void theHubIsIdleFromWhenItsCpuStopsGrowing() {
        long t0 = System.nanoTime();
        long busyUntil = t0 + TimeUnit.MILLISECONDS.toNanos(200);
        // A process that burns 50% of a core for 200 ms, then nothing.
        double idle = Idle.millis(() -> (Math.min(System.nanoTime(), busyUntil) - t0) / 2, t0);

        assertThat(idle).isBetween(150.0, 400.0);
    }

    @Test
    void aProcessThatIsAlreadyQuietIsIdleAtOnce() {
        assertThat(Idle.millis(() -> 5_000_000_000L, System.nanoTime())).isLessThan(50.0);
    }
}
