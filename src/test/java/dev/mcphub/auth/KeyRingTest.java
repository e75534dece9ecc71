package dev.mcphub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class KeyRingTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    private static ApiKey key(int n) {
        return new ApiKey("k" + (n % 3), ApiKeys.hash("secret-" + n), Set.of(Permission.READ), null, NOW, null);
    }

    /**
     * Stores that each saw some keys and some revocations, merged in any order and any number of times (replicas
     * and a Redis reconciling after outages), end up with the same keys, and never with a revoked one.
     */
    @Property(tries = 200)
    void mergingStoresInAnyOrderGivesOneAnswerWhereEveryRevocationWins(
            @ForAll @IntRange(min = 1, max = 5) int stores, @ForAll long seed) {
        Random random = new Random(seed);
        List<KeyRing> rings = new ArrayList<>();
        List<ApiKey> revokedAnywhere = new ArrayList<>();
        for (int s = 0; s < stores; s++) {
            List<ApiKey> keys = new ArrayList<>();
            List<ApiKey> revoked = new ArrayList<>();
            for (int n = 0; n < 8; n++) {
                switch (random.nextInt(3)) {
                    case 0 -> keys.add(key(n));
                    case 1 -> revoked.add(key(n));
                    default -> {}
                }
            }
            revokedAnywhere.addAll(revoked);
            rings.add(new KeyRing(keys, Map.of()).union(KeyRing.revoking(revoked, NOW)));
        }
        KeyRing forward = rings.stream().reduce(KeyRing.EMPTY, KeyRing::union);
        List<KeyRing> shuffled = new ArrayList<>(rings);
        shuffled.addAll(rings); // Twice: a reconcile repeats itself.
        Collections.shuffle(shuffled, random);
        KeyRing other = shuffled.stream().reduce(KeyRing.EMPTY, (x, y) -> y.union(x));

        assertThat(Set.copyOf(other.keys())).isEqualTo(Set.copyOf(forward.keys()));
        assertThat(other.revoked().keySet()).isEqualTo(forward.revoked().keySet());
        assertThat(forward.keys())
                .noneMatch(k -> revokedAnywhere.stream().anyMatch(r -> r.hash().equals(k.hash())));
        for (KeyRing ring : rings) {
            assertThat(forward.minus(forward.union(ring)).isEmpty()).isTrue();
            assertThat(ring.union(forward.minus(ring)).keys()).containsExactlyInAnyOrderElementsOf(forward.keys());
        }
    }

    @Test
    void aNameRevokedAndMadeAgainIsANewKeyThatTheOldRevocationDoesNotTouch() {
        ApiKey first = key(0);
        ApiKey again = new ApiKey("k0", ApiKeys.hash("another"), Set.of(Permission.READ), null, NOW, null);
        KeyRing ring = new KeyRing(List.of(first), Map.of()).union(KeyRing.revoking(List.of(first), NOW));
        assertThat(ring.union(new KeyRing(List.of(again), Map.of())).keys()).containsExactly(again);
    }
}
