package dev.mcphub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.auth.Access;
import org.junit.jupiter.api.Test;

class SessionLimitTest {
    @Test
    void noMoreSessionsOpenThanTheLimitAndAnEndedOneMakesRoom() {
        try (Sessions sessions = new Sessions(McpSettings.defaults("test").withMaxSessions(2), session -> {})) {
            McpSession first = sessions.open(new Scope.Aggregate(new Sightings()), false, Access.LOCAL);
            assertThat(sessions.open(new Scope.Aggregate(new Sightings()), false, Access.LOCAL))
                    .isNotNull();
            assertThat(sessions.open(new Scope.Aggregate(new Sightings()), false, Access.LOCAL))
                    .isNull();
            sessions.end(first);
            assertThat(sessions.open(new Scope.Aggregate(new Sightings()), false, Access.LOCAL))
                    .isNotNull();
        }
    }

    @Test
    void aSessionServesOnlyTheCallerWhoOpenedIt() {
        Access alice = new Access("token:alice", "c1", java.util.Set.of(dev.mcphub.auth.Permission.CALL), null);
        Access bob = new Access("token:bob", "c1", java.util.Set.of(dev.mcphub.auth.Permission.ADMIN), null);
        McpSession session = new McpSession(new Scope.Aggregate(new Sightings()), false, alice);
        assertThat(session.acceptsFrom(bob)).isFalse();
        assertThat(session.access()).isEqualTo(alice);
        assertThat(session.acceptsFrom(alice)).isTrue();
    }
}
