package dev.mcphub.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    @Test
    void eachAttemptWaitsBetweenHalfAndAllOfTwiceThePreviousBase() {
        for (int attempt = 0; attempt <= 5; attempt++) {
            long base = 1_000L << attempt;
            for (int sample = 0; sample < 50; sample++) {
                assertThat(backoff.delay(attempt).toMillis())
                        .as("attempt %d", attempt)
                        .isBetween(base / 2, base);
            }
        }
    }

    @Test
    void theDelayIsCappedAtTheMaximumHoweverManyAttemptsFailed() {
        for (int attempt : new int[] {6, 10, 31, 64, 1_000, Integer.MAX_VALUE}) {
            assertThat(backoff.delay(attempt).toMillis())
                    .as("attempt %d", attempt)
                    .isBetween(30_000L, 60_000L);
        }
    }

    @Test
    void jitterSpreadsServersThatFailedTogether() {
        Set<Long> delays = new HashSet<>();
        IntStream.range(0, 50).forEach(i -> delays.add(backoff.delay(3).toMillis()));

        assertThat(delays).hasSizeGreaterThan(10);
    }
}
