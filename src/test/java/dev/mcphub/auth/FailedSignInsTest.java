package dev.mcphub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailedSignInsTest {
    private final TicketsTest.MutableClock clock = new TicketsTest.MutableClock();
    private final List<String> lines = new ArrayList<>();
    private final FailedSignIns failures =
            new FailedSignIns((address, path, reason, suppressed) -> lines.add(address + " " + suppressed), clock);

    @Test
    void oneAddressGetsOneLinePerWindowAndTheNextLineCountsTheRest() {
        for (int i = 0; i < 50; i++) {
            failures.failed("10.0.0.1", "/mcp", "bad key");
        }
        assertThat(lines).containsExactly("10.0.0.1 0");
        clock.advance(FailedSignIns.WINDOW.toSeconds() + 1);
        failures.failed("10.0.0.1", "/mcp", "bad key");
        assertThat(lines).containsExactly("10.0.0.1 0", "10.0.0.1 49");
    }

    @Test
    void addressesAreCountedApart() {
        failures.failed("10.0.0.1", "/mcp", "bad key");
        failures.failed("10.0.0.2", "/mcp", "bad key");
        failures.failed("10.0.0.1", "/mcp", "bad key");
        assertThat(lines).containsExactly("10.0.0.1 0", "10.0.0.2 0");
    }
}
