package dev.mcphub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The figures of the cluster point: ids {@code cluster_<setup>_<point>_<what>} (all in the ours column of the JSON,
 * none in the main table), the derived ones, and the section of the printed report with one column per setup.
 */
final class ClusterFigures {
    /** Issue 17's target: cluster mode adds at most this much to a call's p50 at K=1. */
    static final double ADDED_P50_TARGET_MS = 0.3;

    /** The four setups, in the order they run and are printed. */
    enum Setup {
        ALONE("alone", "1 hub", 1, false, false),
        REDIS("redis", "1 hub --redis", 1, true, false),
        REDIS_NGINX("redis_nginx", "1 hub --redis, nginx", 1, true, true),
        CLUSTER("replicas3", "3 replicas, nginx", 3, true, true);

        private final String id;
        private final String label;
        private final int replicas;
        private final boolean redis;
        private final boolean nginx;

        Setup(String id, String label, int replicas, boolean redis, boolean nginx) {
            this.id = id;
            this.label = label;
            this.replicas = replicas;
            this.redis = redis;
            this.nginx = nginx;
        }

        String id() {
            return id;
        }

        String label() {
            return label;
        }

        int replicas() {
            return replicas;
        }

        boolean redis() {
            return redis;
        }

        boolean nginx() {
            return nginx;
        }
    }

    /** One row of the section: the id's tail, label, unit, decimals, and whether it is printed (else JSON only). */
    private record Row(String what, String label, String unit, int decimals, boolean shown) {}

    private static final List<Row> ROWS = List.of(
            new Row("mcp_k1_p50_ms", "/mcp K=1 p50", "ms", 2, true),
            new Row("mcp_k1_p99_ms", "/mcp K=1 p99", "ms", 2, false),
            new Row("mcp_k1_cps", "/mcp K=1 throughput", "calls/s", 0, false),
            new Row("mcp_k1_redis_ops", "/mcp K=1 Redis commands per call", "", 2, true),
            new Row("mcp_k64_cps", "/mcp K=64 throughput", "calls/s", 0, true),
            new Row("mcp_k64_p50_ms", "/mcp K=64 p50", "ms", 2, false),
            new Row("mcp_k64_p99_ms", "/mcp K=64 p99", "ms", 2, true),
            new Row("mcp_k64_hub_cpu_ms", "/mcp K=64 hub CPU per call (all replicas)", "ms", 3, true),
            new Row("mcp_k64_nginx_cpu_ms", "/mcp K=64 nginx CPU per call", "ms", 3, true),
            new Row("mcp_k64_redis_cpu_ms", "/mcp K=64 Redis CPU per call", "ms", 3, true),
            new Row("mcp_k64_redis_ops", "/mcp K=64 Redis commands per call", "", 2, true),
            new Row("mcp2026_k64_cps", "/mcp 2026-07-28 stateless K=64 throughput", "calls/s", 0, true),
            new Row("mcp2026_k64_p50_ms", "/mcp 2026-07-28 stateless K=64 p50", "ms", 2, false),
            new Row("mcp2026_k64_p99_ms", "/mcp 2026-07-28 stateless K=64 p99", "ms", 2, true),
            new Row("mcp2026_k64_hub_cpu_ms", "/mcp 2026-07-28 stateless K=64 hub CPU per call", "ms", 3, true),
            new Row("mcp2026_k64_redis_ops", "/mcp 2026-07-28 stateless K=64 Redis commands per call", "", 2, false));

    /** The points whose figures are recorded; each has every {@code _what} below. */
    private static final List<String> POINTS = List.of("mcp_k1", "mcp_k64", "mcp2026_k64");

    private static final List<String> WHATS =
            List.of("cps", "p50_ms", "p99_ms", "errors", "hub_cpu_ms", "nginx_cpu_ms", "redis_cpu_ms", "redis_ops");

    private ClusterFigures() {}

    static String id(Setup s, String point) {
        return "cluster_" + s.id() + "_" + point;
    }

    static void define(Figures f) {
        for (Setup s : Setup.values()) {
            for (String point : POINTS) {
                for (String what : WHATS) {
                    String id = id(s, point) + "_" + what;
                    f.define(id, "cluster, " + s.label() + ": " + point + " " + what, unit(what), 3, false);
                }
            }
        }
        f.define("cluster_added_p50_ms", "p50 added by cluster mode at K=1 (1 hub --redis − 1 hub)", "ms", 2, false);
        f.define("cluster_nginx_added_p50_ms", "p50 added by nginx at K=1 (via nginx − direct)", "ms", 2, false);
        f.define("cluster_scale_pct", "3 replicas' /mcp K=64 throughput as % of 1 hub via nginx", "%", 1, false);
        f.define("cluster_2026_scale_pct", "the same for 2026-07-28 stateless", "%", 1, false);
    }

    private static String unit(String what) {
        return what.endsWith("_ms") ? "ms" : what.equals("cps") ? "calls/s" : what.equals("redis_ops") ? "" : "calls";
    }

    /**
     * The differences of one repeat, from the samples it just added (the p50 added by cluster mode is added by the
     * scenario, one sample per round).
     */
    static void derive(Figures f) {
        f.add(
                "cluster_nginx_added_p50_ms",
                Subject.OURS,
                latest(f, Setup.REDIS_NGINX, "mcp_k1_p50_ms") - latest(f, Setup.REDIS, "mcp_k1_p50_ms"));
        f.add(
                "cluster_scale_pct",
                Subject.OURS,
                100 * latest(f, Setup.CLUSTER, "mcp_k64_cps") / latest(f, Setup.REDIS_NGINX, "mcp_k64_cps"));
        f.add(
                "cluster_2026_scale_pct",
                Subject.OURS,
                100 * latest(f, Setup.CLUSTER, "mcp2026_k64_cps") / latest(f, Setup.REDIS_NGINX, "mcp2026_k64_cps"));
    }

    private static double latest(Figures f, Setup s, String what) {
        return f.latest("cluster_" + s.id() + "_" + what, Subject.OURS);
    }

    /** The printed section: one column per setup, then the derived figures and the verdict on the target. */
    static String table(Figures f) {
        List<String[]> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("cluster point", "unit"));
        for (Setup s : Setup.values()) {
            head.add(s.label());
        }
        rows.add(head.toArray(String[]::new));
        for (Row r : ROWS) {
            if (!r.shown()) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(r.label(), r.unit()));
            for (Setup s : Setup.values()) {
                row.add(Report.cell(f.stats("cluster_" + s.id() + "_" + r.what(), Subject.OURS), r.decimals()));
            }
            rows.add(row.toArray(String[]::new));
        }
        StringBuilder out = new StringBuilder(Report.format(rows)).append('\n');
        for (String id : List.of(
                "cluster_added_p50_ms", "cluster_nginx_added_p50_ms", "cluster_scale_pct", "cluster_2026_scale_pct")) {
            Figures.Figure fig =
                    f.all().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
            out.append(fig.label())
                    .append(": ")
                    .append(Report.cell(f.stats(id, Subject.OURS), fig.decimals()))
                    .append(' ')
                    .append(fig.unit())
                    .append('\n');
        }
        Optional<Figures.Stats> added = f.stats("cluster_added_p50_ms", Subject.OURS);
        out.append(String.format(
                Locale.ROOT,
                "target of issue 17, p50 added by cluster mode ≤ %.1f ms: %s%n",
                ADDED_P50_TARGET_MS,
                added.isEmpty() ? "not measured" : added.get().median() <= ADDED_P50_TARGET_MS ? "met" : "NOT met"));
        return out.toString();
    }
}
