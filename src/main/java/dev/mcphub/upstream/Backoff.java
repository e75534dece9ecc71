package dev.mcphub.upstream;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with jitter: attempt 0 waits about {@code min}, each further attempt twice
 * as long, never more than {@code max}. The jitter (between half and all of the delay) keeps servers that
 * failed together from retrying in lockstep.
 */
public record Backoff(Duration min, Duration max) {

    public Duration delay(int attempt) {
        long ceiling = max.toMillis();
        long base = min.toMillis() << Math.min(attempt, 20);
        long capped = Math.min(base <= 0 ? ceiling : base, ceiling);
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return Duration.ofMillis(jittered);
    }
}
