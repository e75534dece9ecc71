package dev.mcphub.bench;

import java.util.Locale;

/**
 * The table of {@link ObservabilityCost}: one row per configuration (median and range over the rounds), the
 * ratios to metrics-off taken within each round, and issue 16's bounds judged on the median ratios.
 */
final class ObservabilityTable {
    private final Figures f;

    ObservabilityTable(Figures f) {
        this.f = f;
    }

    /** One row per configuration, and the bounds judged on the median ratios. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "Observability cost: /mcp K=%d, three hubs up together, %d rounds of interleaved windows (%d ms"
                        + " warm-up + %d ms); median (min–max) over rounds, ratios taken within each round%n",
                ObservabilityCost.K,
                ObservabilityCost.ROUNDS,
                ObservabilityCost.WARMUP_MS,
                ObservabilityCost.WINDOW_MS));
        out.append("| configuration | calls/s | p99 ms | hub CPU ms/call | calls/s vs off | hub CPU/call vs off |\n");
        out.append("|---|--:|--:|--:|--:|--:|\n");
        for (ObservabilityCost.Config c : ObservabilityCost.Config.values()) {
            String p = "obs_" + c.id;
            out.append("| ")
                    .append(c.label)
                    .append(" | ")
                    .append(cell(p + "_cps", 0, ""))
                    .append(" | ")
                    .append(cell(p + "_p99_ms", 2, ""))
                    .append(" | ")
                    .append(cell(p + "_hub_cpu_per_call_ms", 3, ""))
                    .append(" | ")
                    .append(c == ObservabilityCost.Config.OFF ? "100%" : cell(p + "_cps_pct_off", 1, "%"))
                    .append(" | ")
                    .append(c == ObservabilityCost.Config.OFF ? "100%" : cell(p + "_cpu_pct_off", 1, "%"))
                    .append(" |\n");
        }
        out.append(verdict(
                "metrics on: throughput within 5% of metrics off",
                "obs_metrics_cps_pct_off", ObservabilityCost.METRICS_GOAL_PCT));
        out.append(verdict(
                "tracing on: throughput within 15% of metrics off",
                "obs_tracing_cps_pct_off", ObservabilityCost.TRACING_GOAL_PCT));
        f.stats("obs_tracing_spans_per_call", Subject.OURS)
                .ifPresent(s -> out.append(String.format(
                        Locale.ROOT,
                        "spans received by the OTLP sink per call in the tracing windows: %.2f%n",
                        s.median())));
        return out.toString();
    }

    private String verdict(String label, String id, double goalPct) {
        return f.stats(id, Subject.OURS)
                .map(s -> String.format(
                        Locale.ROOT,
                        "%s (≥ %.0f%%): %s, median %.1f%% (rounds %.1f–%.1f%%)%n",
                        label,
                        goalPct,
                        s.median() >= goalPct ? "met" : "NOT met",
                        s.median(),
                        s.min(),
                        s.max()))
                .orElse(label + ": not measured\n");
    }

    private String cell(String id, int decimals, String unit) {
        return f.stats(id, Subject.OURS)
                .map(s -> {
                    String median = String.format(Locale.ROOT, "%,." + decimals + "f", s.median()) + unit;
                    return s.samples().size() < 2
                            ? median
                            : median
                                    + String.format(
                                            Locale.ROOT,
                                            " (%,." + decimals + "f–%,." + decimals + "f)",
                                            s.min(),
                                            s.max());
                })
                .orElse("—");
    }
}
