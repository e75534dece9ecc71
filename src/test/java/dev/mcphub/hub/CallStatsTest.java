package dev.mcphub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallStatsTest {
    @Test
    void callsAreCountedPerServerByOutcomeWithTheirLatency() {
        CallStats stats = new CallStats();
        stats.started("a", "tools/call");
        stats.started("a", "tools/call");
        assertThat(stats.snapshot().get("a").active()).isEqualTo(2);
        stats.finished("a", "tools/call", 10_000_000, CallObserver.Outcome.OK);
        stats.finished("a", "tools/call", 30_000_000, CallObserver.Outcome.TOOL_ERROR);
        stats.started("b", "prompts/get");
        stats.finished("b", "prompts/get", 5_000_000, CallObserver.Outcome.CANCELLED);

        CallStats.Snapshot a = stats.snapshot().get("a");
        assertThat(a.calls()).isEqualTo(2);
        assertThat(a.toolErrors()).isEqualTo(1);
        assertThat(a.errors()).isZero();
        assertThat(a.active()).isZero();
        assertThat(a.averageMillis()).isEqualTo(20.0);
        assertThat(a.p50Millis()).isEqualTo(10.0);
        assertThat(a.maxMillis()).isEqualTo(30.0);
        assertThat(stats.snapshot().get("b").cancelled()).isEqualTo(1);
    }

    @Test
    void percentilesFollowTheRecentCallsOnly() {
        CallStats stats = new CallStats();
        for (int i = 0; i < CallStats.RECENT; i++) {
            stats.started("a", "m");
            stats.finished("a", "m", 1_000_000_000L, CallObserver.Outcome.OK);
        }
        for (int i = 0; i < CallStats.RECENT; i++) {
            stats.started("a", "m");
            stats.finished("a", "m", 1_000_000L, CallObserver.Outcome.OK);
        }
        CallStats.Snapshot a = stats.snapshot().get("a");
        assertThat(a.p95Millis()).isEqualTo(1.0);
        assertThat(a.maxMillis()).isEqualTo(1000.0);
    }
}
