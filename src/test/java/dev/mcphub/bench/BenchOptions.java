package dev.mcphub.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The orchestrator's command line. {@code bin/bench} passes {@code --root} and, when our hub's jar exists,
 * {@code --ours-cmd}; otherwise {@code --ours-missing} with the reason, and our columns stay empty.
 */
record BenchOptions(
        Path root,
        boolean quick,
        boolean vsReference,
        Path jsonFile,
        int repeats,
        long warmupMillis,
        long measureMillis,
        int subscribers,
        List<String> oursCommand,
        String oursMissing,
        boolean keep,
        boolean oursMetrics,
        boolean oursTracing,
        boolean clusterOnly,
        boolean observabilityCostOnly) {

    static final String USAGE = """
            usage: bin/bench [--vs-reference] [--quick] [--json FILE] [--repeats N]
                             [--warmup-ms N] [--measure-ms N] [--subscribers N] [--keep]
                             [--ours-no-metrics] [--ours-tracing] [--observability-cost] [--cluster]
              --vs-reference  also run the Node.js mcp-hub 4.2.1 and print its column and the ratio,
                              the cost of metrics and tracing, and the cluster point
              --cluster       only the cluster point: 1 hub, 1 hub --redis (directly and behind nginx),
                              3 replicas --redis behind nginx (needs redis-server and nginx)
              --quick         about a minute: 1 repeat, short load points
              --json FILE     write every figure (median, min, max, samples) as JSON
              --keep          keep the work directory (logs, configs) under target/bench-run
              --ours-no-metrics  run our hub with --no-metrics (the baseline of the metrics cost)
              --ours-tracing     run our hub with OpenTelemetry tracing on, exporting OTLP/HTTP to a loopback sink
              --observability-cost  only the cost of metrics and tracing (about 3 min; part of --vs-reference)
            """;

    static BenchOptions parse(String[] argv) {
        Path root = Path.of(".").toAbsolutePath().normalize();
        boolean quick = false;
        boolean vsReference = false;
        boolean keep = false;
        boolean oursMetrics = true;
        boolean oursTracing = false;
        boolean clusterOnly = false;
        boolean observabilityCostOnly = false;
        Path json = null;
        Integer repeats = null;
        Long warmup = null;
        Long measure = null;
        int subscribers = 1000;
        List<String> ours = new ArrayList<>();
        String oursMissing = null;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            switch (a) {
                case "--quick" -> quick = true;
                case "--vs-reference" -> vsReference = true;
                case "--keep" -> keep = true;
                case "--ours-no-metrics" -> oursMetrics = false;
                case "--ours-tracing" -> oursTracing = true;
                case "--cluster" -> clusterOnly = true;
                case "--observability-cost" -> observabilityCostOnly = true;
                case "--root" ->
                    root = Path.of(value(argv, ++i, a)).toAbsolutePath().normalize();
                case "--json" -> json = Path.of(value(argv, ++i, a)).toAbsolutePath();
                case "--repeats" -> repeats = Integer.parseInt(value(argv, ++i, a));
                case "--warmup-ms" -> warmup = Long.parseLong(value(argv, ++i, a));
                case "--measure-ms" -> measure = Long.parseLong(value(argv, ++i, a));
                case "--subscribers" -> subscribers = Integer.parseInt(value(argv, ++i, a));
                case "--ours-cmd" -> ours.add(value(argv, ++i, a));
                case "--ours-missing" -> oursMissing = value(argv, ++i, a);
                case "-h", "--help" -> throw new IllegalArgumentException(USAGE);
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        return new BenchOptions(
                root,
                quick,
                vsReference,
                json,
                repeats != null ? repeats : quick ? 1 : 3,
                warmup != null ? warmup : quick ? 1000 : 1500,
                measure != null ? measure : quick ? 2000 : 4000,
                subscribers,
                List.copyOf(ours),
                ours.isEmpty() && oursMissing == null ? "no --ours-cmd given" : oursMissing,
                keep,
                oursMetrics,
                oursTracing,
                clusterOnly,
                observabilityCostOnly);
    }

    private static String value(String[] argv, int i, String flag) {
        if (i >= argv.length) {
            throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
        }
        return argv[i];
    }

    /** Load points: concurrent sessions. */
    List<Integer> concurrency() {
        return List.of(1, 8, 64);
    }

    /** Whether the cluster point runs: alone with {@code --cluster}, after the rest with {@code --vs-reference}. */
    boolean clusterPoint() {
        return clusterOnly || vsReference;
    }

    /**
     * Every run stops by itself: past this budget the remaining steps are skipped (and noted). The cluster point
     * adds its own share (about 4 min per repeat, 3 with {@code --quick}).
     */
    long budgetMillis() {
        // The cost section takes about 3 minutes, alone 1 more for the priming start; on a loaded machine more.
        long cluster = clusterPoint() ? (quick ? 6 : 15) * 60_000L : 0;
        long base = observabilityCostOnly ? 60_000L : clusterOnly ? 0 : quick ? 6 * 60_000L : 20 * 60_000L;
        return base + (observabilityCost() ? 5 * 60_000L : 0) + cluster;
    }

    /** Whether the run measures the cost of metrics and tracing ({@link ObservabilityCost}). */
    boolean observabilityCost() {
        return vsReference || observabilityCostOnly;
    }
}
