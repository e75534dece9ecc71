package dev.mcphub.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** What a reconnecting server sees of the backoff, for any settings and any number of failed attempts. */
class BackoffTest {
    @Property
    void noWaitIsLongerThanTheMaximumHoweverManyAttemptsFailed(
            @ForAll @LongRange(min = 1, max = 10_000) long minMillis,
            @ForAll @LongRange(min = 1, max = 600_000) long extraMillis,
            @ForAll @IntRange(min = 0) int attempt) {
        Backoff backoff = backoff(minMillis, minMillis + extraMillis);
        assertThat(backoff.delay(attempt)).isLessThanOrEqualTo(backoff.max());
    }

    @Property
    void thereIsAlwaysAPauseSoAFailingServerIsNeverRetriedInAHotLoop(
            @ForAll @LongRange(min = 2, max = 10_000) long minMillis,
            @ForAll @LongRange(min = 0, max = 600_000) long extraMillis,
            @ForAll @IntRange(min = 0) int attempt) {
        Backoff backoff = backoff(minMillis, minMillis + extraMillis);
        assertThat(backoff.delay(attempt)).isPositive();
    }

    @Property
    void aLaterAttemptNeverWaitsLessThanAnEarlierOneUntilTheCapIsReached(
            @ForAll @LongRange(min = 1, max = 10_000) long minMillis,
            @ForAll @IntRange(min = 0, max = 19) int attempt) {
        long maxMillis = 3_600_000;
        Backoff backoff = backoff(minMillis, maxMillis);
        Duration later = backoff.delay(attempt + 1);
        Duration earlier = backoff.delay(attempt);
        // Below the cap a wait is at least half its nominal length, the one before at most its whole length.
        if (later.toMillis() < maxMillis / 2) {
            assertThat(later).isGreaterThanOrEqualTo(earlier);
        }
    }

    @Property(tries = 20)
    void waitsGrowTowardsTheCapAndReachAtLeastHalfOfIt(@ForAll @LongRange(min = 1, max = 1_000) long minMillis) {
        Backoff backoff = backoff(minMillis, 60_000);
        assertThat(IntStream.range(40, 60).mapToObj(backoff::delay))
                .allSatisfy(delay -> assertThat(delay.toMillis()).isGreaterThanOrEqualTo(30_000));
    }

    @Property(tries = 20)
    void jitterSpreadsServersThatFailedTogether(@ForAll @IntRange(min = 2, max = 40) int attempt) {
        Backoff backoff = backoff(1_000, 60_000);
        Set<Long> delays = new HashSet<>();
        IntStream.range(0, 50).forEach(i -> delays.add(backoff.delay(attempt).toMillis()));

        assertThat(delays).hasSizeGreaterThan(10);
    }

    private static Backoff backoff(long minMillis, long maxMillis) {
        return new Backoff(Duration.ofMillis(minMillis), Duration.ofMillis(maxMillis));
    }
}
