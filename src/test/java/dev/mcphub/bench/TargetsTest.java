package dev.mcphub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetsTest {
    private static Targets.Verdict verdict(List<Targets.Verdict> all, String figure) {
        return all.stream()
                .filter(v -> v.target().figure().equals(figure))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aTargetRelativeToTheReferenceIsJudgedOnTheMediansAndItsFactor() {
        Figures f = Catalog.create(List.of(1, 8, 64));
        for (double v : List.of(6000.0, 6500.0, 9000.0)) {
            f.add("mcp_k64_cps", Subject.OURS, v);
        }
        f.add("mcp_k64_cps", Subject.REFERENCE, 2000);
        f.add("cold_k64_cps", Subject.OURS, 3900);
        f.add("cold_k64_cps", Subject.REFERENCE, 2000);

        List<Targets.Verdict> all = Targets.judge(f);

        assertThat(verdict(all, "mcp_k64_cps").verdict()).isEqualTo("met"); // 6500 >= 3 x 2000
        assertThat(verdict(all, "mcp_k64_cps").goal()).isEqualTo(6000);
        assertThat(verdict(all, "cold_k64_cps").verdict()).isEqualTo("NOT met"); // 3900 < 2 x 2000
    }

    @Test
    void anAbsoluteTargetNeedsNoReferenceAndAMissingFigureIsNotMeasured() {
        Figures f = Catalog.create(List.of(1, 8, 64));
        f.add("fanout_spread_ms", Subject.OURS, 51);
        f.add("fanout10k_rss_mb", Subject.OURS, 240);
        f.add("ready_ms", Subject.OURS, 900);

        List<Targets.Verdict> all = Targets.judge(f);

        assertThat(verdict(all, "fanout_spread_ms").verdict()).isEqualTo("NOT met");
        assertThat(verdict(all, "fanout10k_rss_mb").verdict()).isEqualTo("met");
        assertThat(verdict(all, "ready_ms").verdict()).isEqualTo("not measured"); // relative: no reference ran
        assertThat(Targets.table(all)).contains("| 10,000 idle subscribers: hub RSS < 300 MiB | 240 |");
        assertThat(Report.json(f, Map.of(), List.of(), all))
                .contains("\"figure\": \"fanout_spread_ms\", \"ours\": 51, \"reference\": null, \"atMost\": true,"
                        + " \"goal\": 50, \"verdict\": \"NOT met\"");
    }
}
