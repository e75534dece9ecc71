package dev.mcphub.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports failed sign-ins to the audit trail, at most one line per source address every ten seconds, with
 * the count of those not reported in between: a client retrying a dead key, or someone guessing, cannot
 * flood the audit file.
 */
final class FailedSignIns {
    static final Duration WINDOW = Duration.ofSeconds(10);
    private static final int MAX_ADDRESSES = 10_000;
    private final Map<String, Window> byAddress = new ConcurrentHashMap<>();
    private final SignInFailure sink;
    private final Clock clock;

    FailedSignIns(SignInFailure sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    void failed(String address, String path, String reason) {
        Instant now = clock.instant();
        if (byAddress.size() >= MAX_ADDRESSES) {
            byAddress.values().removeIf(w -> now.isAfter(w.start().plus(WINDOW)));
        }
        Window window = byAddress.compute(
                address,
                (a, w) -> w == null || now.isAfter(w.start().plus(WINDOW))
                        ? new Window(now, 0, w == null ? 0 : w.suppressed())
                        : new Window(w.start(), w.seen() + 1, w.suppressed() + 1));
        if (window.seen() == 0) {
            sink.failed(address, path, reason, window.suppressed());
            byAddress.computeIfPresent(address, (a, w) -> new Window(w.start(), w.seen(), 0));
        }
    }

    /** Where failed sign-ins go. */
    @FunctionalInterface
    public interface SignInFailure {
        /**
         * @param suppressed failures from this address not reported since its last line
         */
        void failed(String address, String path, String reason, long suppressed);
    }

    private record Window(Instant start, long seen, long suppressed) {}
}
