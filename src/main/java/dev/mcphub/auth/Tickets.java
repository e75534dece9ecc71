package dev.mcphub.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Single-use tickets for a browser's {@code EventSource}, which cannot send an Authorization header. A page
 * that holds a key or token POSTs to {@code /api/auth/ticket} with it and gets a random ticket that opens
 * {@code /api/events?ticket=...} once, within 30 seconds, with the same access. The query string ends up in
 * proxy logs and browser history, which is why the key itself never goes there: a logged ticket is already
 * spent or expired.
 */
final class Tickets {
    static final Duration LIFETIME = Duration.ofSeconds(30);
    private static final int MAX_OPEN = 10_000;
    private final Map<String, Ticket> open = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    Tickets(Clock clock) {
        this.clock = clock;
    }

    String issue(Access access) {
        Instant now = clock.instant();
        if (open.size() >= MAX_OPEN) {
            open.values().removeIf(t -> !now.isBefore(t.expires()));
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        open.put(ApiKeys.hash(ticket), new Ticket(access, now.plus(LIFETIME)));
        return ticket;
    }

    /** The access of a valid ticket, which is spent by this call; null for an unknown, spent or expired one. */
    Access redeem(String ticket) {
        Ticket found = open.remove(ApiKeys.hash(ticket));
        return found == null || !clock.instant().isBefore(found.expires()) ? null : found.access();
    }

    private record Ticket(Access access, Instant expires) {}
}
