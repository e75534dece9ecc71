package dev.mcphub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
    @Test
    void percentilesAreNearestRankOverEverySampleOfEveryWorker() {
        LatencyRecorder a = new LatencyRecorder();
        LatencyRecorder b = new LatencyRecorder();
        for (int i = 100; i >= 1; i--) {
            (i % 2 == 0 ? a : b).record(i * 1_000_000L);
        }
        a.addAll(b);

        LatencyRecorder.Summary s = a.summarize();

        assertThat(s.count()).isEqualTo(100);
        assertThat(s.p50Ms()).isEqualTo(50.0);
        assertThat(s.p99Ms()).isEqualTo(99.0);
        assertThat(s.maxMs()).isEqualTo(100.0);
    }

    @Test
    void growsPastItsInitialCapacity() {
        LatencyRecorder r = new LatencyRecorder();
        for (int i = 0; i < 10_000; i++) {
            r.record(7);
        }
        assertThat(r.summarize().p99()).isEqualTo(7);
    }

    @Test
    void anEmptyRecorderReportsZeros() {
        assertThat(new LatencyRecorder().summarize()).isEqualTo(new LatencyRecorder.Summary(0, 0, 0, 0));
    }
}
