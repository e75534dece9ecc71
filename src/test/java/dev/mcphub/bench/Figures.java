package dev.mcphub.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every figure of a run, in the order the table shows them, with one sample per repeat and subject. A figure
 * is summarized as the median of its samples with their range, so a single noisy repeat moves neither.
 */
final class Figures {
    /** One row: {@code decimals} digits after the point; {@code inTable} false for figures only in the JSON. */
    record Figure(String id, String label, String unit, int decimals, boolean inTable) {}

    /** Median and range of the samples of one figure for one subject. */
    record Stats(double median, double min, double max, List<Double> samples) {}

    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private final Map<String, Map<Subject, List<Double>>> samples = new LinkedHashMap<>();

    void define(String id, String label, String unit, int decimals, boolean inTable) {
        figures.put(id, new Figure(id, label, unit, decimals, inTable));
        samples.put(id, new EnumMap<>(Subject.class));
    }

    /** Adds a sample; NaN (nothing measured) is dropped. */
    void add(String id, Subject subject, double value) {
        Map<Subject, List<Double>> bySubject = samples.get(id);
        if (bySubject == null) {
            throw new IllegalArgumentException("undefined figure " + id);
        }
        if (!Double.isNaN(value)) {
            bySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(value);
        }
    }

    /** The sample added last, for figures derived within one repeat; NaN when there is none. */
    double latest(String id, Subject subject) {
        List<Double> list = samples.get(id).get(subject);
        return list == null || list.isEmpty() ? Double.NaN : list.get(list.size() - 1);
    }

    /** Empty when nothing was measured, or when the figure is not defined in this run. */
    Optional<Stats> stats(String id, Subject subject) {
        Map<Subject, List<Double>> bySubject = samples.get(id);
        List<Double> list = bySubject == null ? null : bySubject.get(subject);
        if (list == null || list.isEmpty()) {
            return Optional.empty();
        }
        List<Double> sorted = new ArrayList<>(list);
        sorted.sort(Double::compare);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return Optional.of(new Stats(median, sorted.get(0), sorted.get(n - 1), List.copyOf(list)));
    }

    Collection<Figure> all() {
        return figures.values();
    }
}
