package dev.mcphub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TicketsTest {
    private final MutableClock clock = new MutableClock();
    private final Tickets tickets = new Tickets(clock);
    private final Access access = new Access("key:ui", null, Set.of(Permission.READ), null);

    @Test
    void aTicketOpensOnceWithTheAccessOfWhoeverAskedForIt() {
        String ticket = tickets.issue(access);
        assertThat(tickets.redeem(ticket)).isEqualTo(access);
        assertThat(tickets.redeem(ticket)).isNull();
    }

    @Test
    void aTicketExpiresAfterThirtySeconds() {
        String ticket = tickets.issue(access);
        clock.advance(Tickets.LIFETIME.toSeconds());
        assertThat(tickets.redeem(ticket)).isNull();
    }

    @Test
    void anUnknownTicketOpensNothing() {
        tickets.issue(access);
        assertThat(tickets.redeem("made-up")).isNull();
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-03T08:00:00Z");

        void advance(long seconds) {
            now = now.plusSeconds(seconds);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
