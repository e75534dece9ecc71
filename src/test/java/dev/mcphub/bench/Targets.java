package dev.mcphub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The targets of issue 12, each judged on the medians of one run: met, NOT met, or not measured (a figure is
 * missing, or the reference's when the target is a ratio to it). A target relative to the reference needs
 * {@code --vs-reference}; absolute ones are judged in every run.
 */
final class Targets {
    private Targets() {}

    /** One target: ours against a goal that is a multiple of the reference's median, or a fixed bound. */
    record Target(String label, String figure, boolean atMost, double factor, double bound) {
        boolean relative() {
            return Double.isNaN(bound);
        }
    }

    /** A judged target; {@code goal} is the bound it was held to, NaN when it could not be judged. */
    record Verdict(Target target, double ours, double reference, double goal, String verdict) {}

    static final List<Target> ALL = List.of(
            relative("fresh hub, first 200 calls at K=1: p50 ≤ reference", "cold_k1_p50_ms", true, 1),
            relative("fresh hub, next 12,800 calls at K=64: calls/s ≥ 2× reference", "cold_k64_cps", false, 2),
            relative("fresh hub, next 12,800 calls at K=64: p99 ≤ ½ reference", "cold_k64_p99_ms", true, 0.5),
            relative("warm /mcp K=64: calls/s ≥ 3× reference", "mcp_k64_cps", false, 3),
            relative("warm /mcp K=64: p99 ≤ ⅓ reference", "mcp_k64_p99_ms", true, 1 / 3.0),
            absolute("warm /mcp K=64: hub CPU per call ≤ 0.15 ms", "mcp_k64_hub_cpu_per_call_ms", true, 0.15),
            absolute("warm K=1: hub-added p50 over direct stdio ≤ 0.3 ms", "mcp_k1_hub_added_ms", true, 0.3),
            relative("start → ready, 3 stdio servers ≤ reference", "ready_ms", true, 1),
            relative("idle RSS ≤ reference", "idle_rss_mb", true, 1),
            absolute("1,000 subscribers: first → last ≤ 50 ms", "fanout_spread_ms", true, 50),
            absolute("10,000 idle subscribers: hub RSS < 300 MiB", "fanout10k_rss_mb", true, 300),
            absolute("10,000 idle subscribers: change → last ≤ 500 ms", "fanout10k_last_ms", true, 500),
            absolute("remote upstream K=1: hub-added p50 ≤ 0.3 ms", "url_k1_hub_added_ms", true, 0.3),
            absolute("errors, all load points: 0", "errors_total", true, 0),
            absolute("1,000 subscribers: none without the event", "fanout_missed", true, 0),
            absolute("10,000 subscribers: none without the event", "fanout10k_missed", true, 0));

    private static Target relative(String label, String figure, boolean atMost, double factor) {
        return new Target(label, figure, atMost, factor, Double.NaN);
    }

    private static Target absolute(String label, String figure, boolean atMost, double bound) {
        return new Target(label, figure, atMost, Double.NaN, bound);
    }

    static List<Verdict> judge(Figures figures) {
        List<Verdict> out = new ArrayList<>();
        for (Target t : ALL) {
            double ours = median(figures, t.figure(), Subject.OURS);
            double ref = median(figures, t.figure(), Subject.REFERENCE);
            double goal = t.relative() ? ref * t.factor() : t.bound();
            String verdict;
            if (Double.isNaN(ours) || Double.isNaN(goal)) {
                verdict = "not measured";
            } else if (t.atMost() ? ours <= goal : ours >= goal) {
                verdict = "met";
            } else {
                verdict = "NOT met";
            }
            out.add(new Verdict(t, ours, ref, goal, verdict));
        }
        return out;
    }

    private static double median(Figures figures, String id, Subject s) {
        Optional<Figures.Stats> stats = figures.stats(id, s);
        return stats.map(Figures.Stats::median).orElse(Double.NaN);
    }

    /** The verdicts as a table: target, ours, reference, goal, verdict. */
    static String table(List<Verdict> verdicts) {
        StringBuilder out = new StringBuilder("| target (issue 12) | ours | reference | goal | verdict |\n")
                .append("|---|---:|---:|---:|---|\n");
        for (Verdict v : verdicts) {
            out.append("| ")
                    .append(v.target().label())
                    .append(" | ")
                    .append(number(v.ours()))
                    .append(" | ")
                    .append(number(v.reference()))
                    .append(" | ")
                    .append((v.target().atMost() ? "≤ " : "≥ ") + number(v.goal()))
                    .append(" | ")
                    .append(v.verdict())
                    .append(" |\n");
        }
        return out.toString();
    }

    /** The verdicts as a JSON array (one object per target). */
    static String json(List<Verdict> verdicts) {
        StringBuilder out = new StringBuilder("[");
        String sep = "";
        for (Verdict v : verdicts) {
            out.append(sep)
                    .append(String.format(
                            Locale.ROOT,
                            "\n    {\"target\": %s, \"figure\": %s, \"ours\": %s, \"reference\": %s, \"atMost\": %b,"
                                    + " \"goal\": %s, \"verdict\": %s}",
                            Report.quote(v.target().label()),
                            Report.quote(v.target().figure()),
                            Report.num(v.ours()),
                            Report.num(v.reference()),
                            v.target().atMost(),
                            Report.num(v.goal()),
                            Report.quote(v.verdict())));
            sep = ",";
        }
        return out.append("\n  ]").toString();
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.0f" : "%.2f", v);
    }
}
