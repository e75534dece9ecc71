package dev.mcphub.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.json.Json;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** When a 2026-era server's list is fetched again without a listen stream, and which lists it announces. */
class ListFollowerTest {
    @Property
    void aListIsNeverFetchedAgainSoonerThanItsTtlNorTheFloor(@ForAll @LongRange(min = 0, max = 86_400_000) long ttlMs) {
        long expected = Math.max(ttlMs, ListFollower.FLOOR.toMillis());
        assertThat(ListFollower.delay(ttlMs))
                .isBetween(Duration.ofMillis(expected), Duration.ofMillis(expected * 11 / 10 + 1));
    }

    @Test
    void listsDueTogetherAreSpreadByJitter() {
        Set<Duration> delays = new HashSet<>();
        IntStream.range(0, 50).forEach(i -> delays.add(ListFollower.delay(60_000)));
        assertThat(delays).hasSizeGreaterThan(1);
    }

    @Test
    void onlyTheListsWhoseCapabilityDeclaresListChangedAreFollowedOnAListenStream() {
        InitializeResult server = new InitializeResult(
                "2026-07-28",
                Json.parse("{\"tools\":{\"listChanged\":true},\"prompts\":{},\"resources\":{\"listChanged\":true}}"),
                null,
                null);
        assertThat(ListFollower.announcedBy(server))
                .containsExactlyInAnyOrder(ListKind.TOOLS, ListKind.RESOURCES, ListKind.RESOURCE_TEMPLATES);
    }
}
