package dev.mcphub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The orchestrator behind {@code bin/bench}: runs the ceiling, the reference (with {@code --vs-reference})
 * and our hub, alternating them in every repeat, then prints the table (and writes the JSON). Every child
 * process is stopped at the end, also on Ctrl-C.
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] argv) throws Exception {
        if (List.of(argv).contains("--help") || List.of(argv).contains("-h")) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path work = Files.createDirectories(
                options.root().resolve("target/bench-run").resolve(stamp));
        Figures figures = Catalog.create(options.concurrency());
        ObservabilityCost.define(figures);
        String clusterMissing = options.clusterPoint() ? ClusterScenario.missing() : null;
        boolean cluster = options.clusterPoint() && clusterMissing == null;
        if (cluster) {
            ClusterFigures.define(figures);
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        BenchContext ctx =
                new BenchContext(options, figures, work, findNode(), java, System.getProperty("java.class.path"));
        Runtime.getRuntime().addShutdownHook(new Thread(ctx.children::stopAll, "stop-children"));
        Map<String, String> meta = meta(options);
        OtlpSink otlp = options.oursTracing() ? new OtlpSink() : null;
        if (otlp != null) {
            ctx.oursEnv.put("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint());
            ctx.oursEnv.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        }
        meta.put("oursMetrics", Boolean.toString(options.oursMetrics()));
        meta.put("oursTracing", Boolean.toString(options.oursTracing()));
        meta.put("clusterPoint", Boolean.toString(cluster));
        if (clusterMissing != null) {
            ctx.note(clusterMissing);
        }
        if (!options.oursMetrics()) {
            ctx.note("ours ran with --no-metrics");
        }

        List<Subject> hubs = new ArrayList<>();
        if (options.vsReference()) {
            hubs.add(Subject.REFERENCE);
        }
        if (options.oursCommand().isEmpty()) {
            ctx.note("ours: skipped, " + options.oursMissing());
        } else {
            hubs.add(Subject.OURS);
        }
        if (options.observabilityCostOnly() || options.clusterOnly()) {
            hubs.clear();
            if (!options.oursCommand().isEmpty()) {
                prime(ctx, Subject.OURS); // the section's hubs start as measured ones do: from a trained AOT cache
            }
        }
        for (Subject s : hubs) {
            prime(ctx, s);
        }
        for (int r = 1; !hubs.isEmpty() && r <= options.repeats() && ctx.timeLeft(); r++) {
            ctx.progress("repeat " + r + " of " + options.repeats());
            runCeiling(ctx);
            for (Subject s : List.copyOf(hubs)) {
                if (ctx.timeLeft() && !runHub(ctx, s, r == 1 ? options.repeats() : 0)) {
                    hubs.remove(s);
                }
            }
        }
        if (options.observabilityCost() && ctx.timeLeft()) {
            try {
                new ObservabilityCost(ctx).run();
            } catch (IOException | RuntimeException e) {
                ctx.note("observability cost: " + e.getMessage());
            }
        }
        if (cluster && !options.oursCommand().isEmpty() && ctx.timeLeft()) {
            runCluster(ctx, command(ctx, Subject.OURS));
        }
        if (!ctx.timeLeft()) {
            ctx.note("the time budget of " + options.budgetMillis() / 60_000 + " min ran out; figures are partial");
        }
        meta.put("loadAverageAtEnd", loadAverage());

        List<Subject> columns = new ArrayList<>(List.of(Subject.OURS));
        if (options.vsReference()) {
            columns.add(Subject.REFERENCE);
        }
        columns.add(Subject.CEILING);
        List<Targets.Verdict> verdicts = Targets.judge(figures);
        if (!options.observabilityCostOnly() && !options.clusterOnly()) {
            System.out.println();
            System.out.print(Report.table(figures, columns));
            System.out.println();
            System.out.println(
                    "Each cell: median of " + options.repeats() + " repeat(s) (min–max). Load points: "
                            + options.warmupMillis() + " ms warm-up + " + options.measureMillis()
                            + " ms measured, closed loop. Ceiling: server-everything driven directly (stdio; HTTP for the url row).");
            System.out.println();
            System.out.print(Targets.table(verdicts));
        }
        if (options.observabilityCost()) {
            System.out.println();
            System.out.print(new ObservabilityCost(ctx).table());
        }
        if (cluster) {
            System.out.println();
            System.out.print(ClusterFigures.table(figures));
        }
        if (otlp != null) {
            ctx.note("ours ran with tracing on, exporting to a loopback OTLP sink: " + otlp.summary());
            otlp.close();
        }
        ctx.notes.forEach(n -> System.out.println("note: " + n));
        if (options.jsonFile() != null) {
            Files.writeString(options.jsonFile(), Report.json(figures, meta, ctx.notes, verdicts));
            System.out.println("JSON: " + options.jsonFile());
        }
        ctx.children.stopAll();
        if (!options.keep()) {
            deleteTree(work);
        }
    }

    private static void runCeiling(BenchContext ctx) {
        try {
            new CeilingScenario(ctx).run();
        } catch (IOException | RuntimeException e) {
            ctx.note("ceiling: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The cluster point, one repeat after another (each runs every setup, so drift hits all of them). */
    private static void runCluster(BenchContext ctx, List<String> command) {
        for (int r = 1; r <= ctx.options.repeats() && ctx.timeLeft(); r++) {
            ctx.progress("cluster point: repeat " + r + " of " + ctx.options.repeats());
            try {
                new ClusterScenario(ctx, command).run();
            } catch (IOException | RuntimeException e) {
                ctx.note("cluster point: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void prime(BenchContext ctx, Subject s) {
        ctx.progress(s.label() + ": a first start, not measured");
        try {
            new HubScenario(ctx, s, command(ctx, s), transport(s)).prime();
        } catch (IOException | RuntimeException e) {
            ctx.note(s.label() + ": the first start failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> command(BenchContext ctx, Subject s) {
        if (s == Subject.OURS && !ctx.options.oursMetrics()) {
            List<String> command = new ArrayList<>(ctx.options.oursCommand());
            command.add("--no-metrics");
            return command;
        }
        return s == Subject.OURS
                ? ctx.options.oursCommand()
                : List.of(ctx.node().toString(), ctx.referenceCli().toString());
    }

    private static String transport(Subject s) {
        return s == Subject.OURS ? "streamable" : "sse";
    }

    /** Runs one hub's repeat; false when the hub could not even start (its column stays as it is). */
    private static boolean runHub(BenchContext ctx, Subject s, int fanOutRounds) {
        try {
            new HubScenario(ctx, s, command(ctx, s), transport(s)).run(fanOutRounds);
            return true;
        } catch (IOException | RuntimeException e) {
            boolean neverStarted = ctx.figures.stats("ready_ms", s).isEmpty();
            ctx.note(s.label() + ": " + e.getMessage() + (neverStarted ? " (its column is left empty)" : ""));
            return !neverStarted;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Map<String, String> meta(BenchOptions o) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("date", LocalDateTime.now().toString());
        meta.put(
                "command",
                "bin/bench" + (o.vsReference() ? " --vs-reference" : "") + (o.clusterOnly() ? " --cluster" : "")
                        + (o.quick() ? " --quick" : ""));
        meta.put("repeats", Integer.toString(o.repeats()));
        meta.put("warmupMs", Long.toString(o.warmupMillis()));
        meta.put("measureMs", Long.toString(o.measureMillis()));
        meta.put("subscribers", Integer.toString(o.subscribers()));
        meta.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        meta.put("java", System.getProperty("java.version"));
        meta.put("loadAverageAtStart", loadAverage());
        return meta;
    }

    /** The 1, 5 and 15 minute load averages: a busy machine makes every figure worse and noisier. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Path findNode() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "node");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("node was not found on PATH; the upstream servers need it");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
