package dev.mcphub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The table printed at the end of a run, and the JSON of every figure. */
final class Report {
    private Report() {}

    /** One row per figure: ours, [reference, ours/ref,] ceiling; each cell the median and min–max. */
    static String table(Figures figures, List<Subject> columns) {
        boolean ratio = columns.contains(Subject.OURS) && columns.contains(Subject.REFERENCE);
        List<String[]> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("figure", "unit"));
        columns.forEach(s -> head.add(s.label()));
        if (ratio) {
            head.add(head.size() - (columns.contains(Subject.CEILING) ? 1 : 0), "ours/ref");
        }
        rows.add(head.toArray(String[]::new));
        for (Figures.Figure fig : figures.all()) {
            if (!fig.inTable()) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(fig.label(), fig.unit()));
            for (Subject s : columns) {
                if (ratio && s == Subject.CEILING) {
                    row.add(ratioCell(figures, fig));
                }
                row.add(cell(figures.stats(fig.id(), s), fig.decimals()));
            }
            if (ratio && !columns.contains(Subject.CEILING)) {
                row.add(ratioCell(figures, fig));
            }
            rows.add(row.toArray(String[]::new));
        }
        return format(rows);
    }

    private static String ratioCell(Figures figures, Figures.Figure fig) {
        Optional<Figures.Stats> ours = figures.stats(fig.id(), Subject.OURS);
        Optional<Figures.Stats> ref = figures.stats(fig.id(), Subject.REFERENCE);
        if (ours.isEmpty() || ref.isEmpty() || ref.get().median() == 0) {
            return "";
        }
        return String.format(
                Locale.ROOT, "%.2f×", ours.get().median() / ref.get().median());
    }

    static String cell(Optional<Figures.Stats> stats, int decimals) {
        if (stats.isEmpty()) {
            return "—";
        }
        Figures.Stats s = stats.get();
        String median = number(s.median(), decimals);
        return s.samples().size() < 2
                ? median
                : median + " (" + number(s.min(), decimals) + "–" + number(s.max(), decimals) + ")";
    }

    private static String number(double v, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    static String format(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < rows.size(); n++) {
            String[] r = rows.get(n);
            StringBuilder line = new StringBuilder("| ");
            for (int i = 0; i < cols; i++) {
                String pad = " ".repeat(width[i] - r[i].length());
                line.append(i < 2 ? r[i] + pad : pad + r[i]).append(" | ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (n == 0) {
                StringBuilder rule = new StringBuilder("|");
                for (int i = 0; i < cols; i++) {
                    rule.append(i < 2 ? "-" : "")
                            .append("-".repeat(width[i] + 1))
                            .append(i < 2 ? "|" : ":|");
                }
                out.append(rule).append('\n');
            }
        }
        return out.toString();
    }

    /** All figures with every sample, the run's settings and the notes. */
    static String json(Figures figures, Map<String, String> meta, List<String> notes) {
        return json(figures, meta, notes, Targets.judge(figures));
    }

    /** The same, with the verdicts of issue 12's targets as {@code targets}. */
    static String json(Figures figures, Map<String, String> meta, List<String> notes, List<Targets.Verdict> verdicts) {
        StringBuilder out = new StringBuilder("{\n  \"meta\": {");
        String sep = "";
        for (Map.Entry<String, String> e : meta.entrySet()) {
            out.append(sep)
                    .append("\n    ")
                    .append(quote(e.getKey()))
                    .append(": ")
                    .append(quote(e.getValue()));
            sep = ",";
        }
        out.append("\n  },\n  \"notes\": [");
        sep = "";
        for (String n : notes) {
            out.append(sep).append("\n    ").append(quote(n));
            sep = ",";
        }
        out.append("\n  ],\n  \"targets\": ").append(Targets.json(verdicts)).append(",\n  \"figures\": [");
        sep = "";
        for (Figures.Figure fig : figures.all()) {
            out.append(sep)
                    .append("\n    {\"id\": ")
                    .append(quote(fig.id()))
                    .append(", \"label\": ")
                    .append(quote(fig.label()))
                    .append(", \"unit\": ")
                    .append(quote(fig.unit()));
            for (Subject s : Subject.values()) {
                figures.stats(fig.id(), s)
                        .ifPresent(st -> out.append(", ")
                                .append(quote(s.label()))
                                .append(String.format(
                                        Locale.ROOT,
                                        ": {\"median\": %s, \"min\": %s, \"max\": %s, \"samples\": %s}",
                                        num(st.median()),
                                        num(st.min()),
                                        num(st.max()),
                                        st.samples().stream()
                                                .map(Report::num)
                                                .toList()
                                                .toString())));
            }
            out.append("}");
            sep = ",";
        }
        return out.append("\n  ]\n}\n").toString();
    }

    static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v).replaceAll("\\.?0+$", "") : "null";
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
