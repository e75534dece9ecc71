package dev.mcphub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {
    @TempDir
    Path dir;

    private final TicketsTest.MutableClock clock = new TicketsTest.MutableClock();

    private ApiKeys keys() {
        return new ApiKeys(new KeyFile(dir.resolve("api-keys.json")), clock);
    }

    @Test
    void aCreatedKeyGrantsItsScopesAndServersAndOnlyItsHashIsStored() throws Exception {
        String key = keys().create("ci", Set.of(Permission.CALL), Set.of("memory"), null);
        Access access = keys().check(key);
        assertThat(access.who()).isEqualTo("key:ci");
        assertThat(access.allows(Permission.READ)).isTrue();
        assertThat(access.allows(Permission.CALL)).isTrue();
        assertThat(access.allows(Permission.ADMIN)).isFalse();
        assertThat(access.mayUse("memory")).isTrue();
        assertThat(access.mayUse("github")).isFalse();
        assertThat(Files.readString(dir.resolve("api-keys.json")))
                .doesNotContain(key)
                .contains(ApiKeys.hash(key));
    }

    @Test
    void anUnknownRevokedOrExpiredKeyGrantsNothing() throws Exception {
        ApiKeys keys = keys();
        String key =
                keys.create("ci", Set.of(Permission.READ), null, clock.instant().plusSeconds(60));
        assertThat(keys.check(key + "x")).isNull();
        assertThat(keys().check(key)).isNotNull();
        clock.advance(60);
        assertThat(keys().check(key)).isNull();
        String other = keys.create("other", Set.of(Permission.READ), null, null);
        assertThat(keys.revoke("other")).isTrue();
        assertThat(keys().check(other)).isNull();
        assertThat(keys.revoke("other")).isFalse();
    }

    @Test
    void twoKeysCannotShareAName() throws Exception {
        ApiKeys keys = keys();
        keys.create("ci", Set.of(Permission.READ), null, null);
        assertThatThrownBy(() -> keys.create("ci", Set.of(Permission.READ), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exists already");
    }
}
