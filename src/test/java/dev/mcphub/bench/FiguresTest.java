package dev.mcphub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FiguresTest {
    @Test
    void aFigureIsTheMedianOfItsRepeatsWithTheirRange() {
        Figures f = new Figures();
        f.define("cps", "throughput", "calls/s", 0, true);
        f.add("cps", Subject.OURS, 300);
        f.add("cps", Subject.OURS, 100);
        f.add("cps", Subject.OURS, Double.NaN);
        f.add("cps", Subject.OURS, 200);

        Figures.Stats s = f.stats("cps", Subject.OURS).orElseThrow();

        assertThat(s.median()).isEqualTo(200);
        assertThat(s.min()).isEqualTo(100);
        assertThat(s.max()).isEqualTo(300);
        assertThat(s.samples()).containsExactly(300.0, 100.0, 200.0);
        assertThat(f.latest("cps", Subject.OURS)).isEqualTo(200);
        assertThat(f.stats("cps", Subject.REFERENCE)).isEmpty();
    }

    @Test
    void theTableShowsTheRatioOfOursToTheReferenceBeforeTheCeiling() {
        Figures f = new Figures();
        f.define("cps", "throughput", "calls/s", 0, true);
        f.define("hidden", "only in JSON", "", 0, false);
        f.add("cps", Subject.OURS, 3000);
        f.add("cps", Subject.REFERENCE, 1000);
        f.add("cps", Subject.CEILING, 9000);

        String table = Report.table(f, List.of(Subject.OURS, Subject.REFERENCE, Subject.CEILING));

        assertThat(table.lines().toList().get(0)).containsSubsequence("ours", "reference", "ours/ref", "ceiling");
        assertThat(table).contains("3.00×").contains("9,000").doesNotContain("only in JSON");
        assertThat(Report.json(f, java.util.Map.of("repeats", "1"), List.of("a note")))
                .contains("\"reference\": {\"median\": 1000, \"min\": 1000, \"max\": 1000, \"samples\": [1000]}")
                .contains("\"a note\"");
    }
}
