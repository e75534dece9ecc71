package dev.mcphub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallStatsTest {
    @Test
    void callsAreCountedPerServerByOutcomeWithTheirLatency() {
        CallStats stats = new CallStats();
        stats.started("a");
        stats.started("a");
        assertThat(stats.snapshot().get("a").active()).isEqualTo(2);
        stats.finished("a", 10_000_000, CallOutcome.Kind.OK);
        stats.finished("a", 30_000_000, CallOutcome.Kind.TOOL_ERROR);
        stats.started("b");
        stats.finished("b", 5_000_000, CallOutcome.Kind.CANCELLED);

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
            stats.started("a");
            stats.finished("a", 1_000_000_000L, CallOutcome.Kind.OK);
        }
        for (int i = 0; i < CallStats.RECENT; i++) {
            stats.started("a");
            stats.finished("a", 1_000_000L, CallOutcome.Kind.OK);
        }
        CallStats.Snapshot a = stats.snapshot().get("a");
        assertThat(a.p95Millis()).isEqualTo(1.0);
        assertThat(a.maxMillis()).isEqualTo(1000.0);
    }
}
