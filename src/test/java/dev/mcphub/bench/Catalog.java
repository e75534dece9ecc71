package dev.mcphub.bench;

import java.util.List;

/**
 * The figures of issue 5 in table order, with the ids the JSON uses. Load-point figures are named
 * {@code <route>_k<K>_<what>} where route is {@code mcp} ({@code /mcp}), {@code rest}
 * ({@code POST /api/servers/tools}) or {@code url} (through the hub to an upstream reached by URL); the ceiling
 * column of {@code mcp} and {@code rest} rows is the upstream driven directly over stdio with the same K.
 */
final class Catalog {
    /** Table order; the hubs run REST first so that {@code /mcp} K=64, which ends by dropping, is last. */
    static final List<String> ROUTES = List.of("mcp", "rest");

    private Catalog() {}

    static Figures create(List<Integer> ks) {
        Figures f = new Figures();
        f.define("ready_ms", "start → ready, 3 stdio servers", "ms", 0, true);
        f.define("idle_rss_mb", "hub RSS idle after ready (VmRSS)", "MB", 0, true);
        // Cold: a fresh process, its first calls (counted, not timed), before any other load on it.
        f.define("cold_k1_p50_ms", "fresh hub: first 200 calls at K=1, p50", "ms", 2, true);
        f.define("cold_k1_p99_ms", "fresh hub: first 200 calls at K=1, p99", "ms", 2, false);
        f.define("cold_k1_cps", "fresh hub: first 200 calls at K=1, throughput", "calls/s", 0, false);
        f.define("cold_k1_hub_cpu_per_call_ms", "fresh hub: first 200 calls at K=1, hub CPU per call", "ms", 3, true);
        f.define("cold_k64_cps", "fresh hub: next 12,800 calls at K=64, throughput", "calls/s", 0, true);
        f.define("cold_k64_p50_ms", "fresh hub: next 12,800 calls at K=64, p50", "ms", 2, false);
        f.define("cold_k64_p99_ms", "fresh hub: next 12,800 calls at K=64, p99", "ms", 2, true);
        f.define(
                "cold_k64_hub_cpu_per_call_ms",
                "fresh hub: next 12,800 calls at K=64, hub CPU per call",
                "ms",
                3,
                true);
        for (String route : ROUTES) {
            String name = route.equals("mcp") ? "/mcp" : "REST";
            for (int k : ks) {
                String p = route + "_k" + k;
                f.define(p + "_cps", name + " K=" + k + " throughput", "calls/s", 0, true);
                f.define(p + "_p50_ms", name + " K=" + k + " p50", "ms", 2, true);
                f.define(p + "_p99_ms", name + " K=" + k + " p99", "ms", 2, true);
                f.define(p + "_errors", name + " K=" + k + " errors", "calls", 0, false);
                f.define(p + "_hub_cpu_per_call_ms", name + " K=" + k + " hub CPU per call", "ms", 3, k == 64);
                boolean detail = k == 64 && route.equals("mcp");
                f.define(
                        p + "_upstream_cpu_per_call_ms",
                        name + " K=" + k + " upstreams' CPU per call",
                        "ms",
                        3,
                        detail);
                f.define(
                        p + "_generator_cpu_per_call_ms",
                        name + " K=" + k + " generator CPU per call",
                        "ms",
                        3,
                        detail);
                f.define(p + "_generator_cores", name + " K=" + k + " generator CPU", "cores", 2, detail);
            }
            f.define(route + "_k64_pct_ceiling", name + " K=64 share of the ceiling", "%", 1, true);
        }
        f.define("mcp2026_k64_cps", "/mcp 2026-07-28 (stateless) K=64 throughput", "calls/s", 0, true);
        f.define("mcp2026_k64_p50_ms", "/mcp 2026-07-28 (stateless) K=64 p50", "ms", 2, false);
        f.define("mcp2026_k64_p99_ms", "/mcp 2026-07-28 (stateless) K=64 p99", "ms", 2, true);
        f.define("mcp2026_k64_errors", "/mcp 2026-07-28 (stateless) K=64 errors", "calls", 0, false);
        f.define("mcp2026_k64_hub_cpu_per_call_ms", "/mcp 2026-07-28 (stateless) K=64 hub CPU per call", "ms", 3, true);
        f.define(
                "mcp2026_k64_upstream_cpu_per_call_ms", "/mcp 2026-07-28 K=64 upstreams' CPU per call", "ms", 3, false);
        f.define(
                "mcp2026_k64_generator_cpu_per_call_ms", "/mcp 2026-07-28 K=64 generator CPU per call", "ms", 3, false);
        f.define("mcp2026_k64_generator_cores", "/mcp 2026-07-28 K=64 generator CPU", "cores", 2, false);
        f.define("mcp2026_k64_pct_2025", "/mcp K=64: 2026-07-28 throughput as % of 2025-11-25", "%", 1, true);
        f.define("errors_total", "errors, all load points", "calls", 0, true);
        f.define("mcp_k1_hub_added_ms", "hub-added p50 at K=1 (vs direct stdio)", "ms", 2, true);
        f.define("url_k1_cps", "url upstream K=1 throughput", "calls/s", 0, false);
        f.define("url_k1_p50_ms", "url upstream K=1 p50 (ceiling: direct HTTP)", "ms", 2, true);
        f.define("url_k1_p99_ms", "url upstream K=1 p99", "ms", 2, false);
        f.define("url_k1_hub_added_ms", "hub-added p50 at K=1 (vs direct HTTP)", "ms", 2, true);
        f.define("fanout_last_ms", "SSE fan-out: change → last subscriber", "ms", 1, true);
        f.define("fanout_spread_ms", "SSE fan-out: first → last subscriber", "ms", 1, true);
        f.define("fanout_missed", "SSE fan-out: subscribers without the event", "", 0, true);
        f.define("fanout_connect_ms", "SSE fan-out: time to subscribe all", "ms", 0, false);
        f.define("fanout10k_last_ms", "10,000 idle subscribers: change → last", "ms", 1, true);
        f.define("fanout10k_spread_ms", "10,000 idle subscribers: first → last", "ms", 1, false);
        f.define("fanout10k_missed", "10,000 idle subscribers: without the event", "", 0, true);
        f.define("fanout10k_rss_mb", "10,000 idle subscribers: hub RSS while held", "MB", 0, true);
        f.define("fanout10k_peak_rss_mb", "10,000 idle subscribers: hub peak RSS (VmHWM)", "MB", 0, false);
        f.define("fanout10k_connect_ms", "10,000 idle subscribers: time to subscribe all", "ms", 0, false);
        f.define("run_hub_cpu_s", "hub CPU over launch A (start + all load)", "s", 1, true);
        f.define("run_children_cpu_s", "upstreams' CPU over launch A", "s", 1, true);
        f.define("peak_rss_load_mb", "hub peak RSS under load (VmHWM)", "MB", 0, true);
        f.define("peak_rss_mb", "hub peak RSS over launch A, drop included", "MB", 0, true);
        f.define("children_peak_rss_mb", "upstreams' peak RSS, summed", "MB", 0, false);
        f.define("idle_after_disconnect_ms", "idle again after 64 sessions drop", "ms", 0, true);
        return f;
    }
}
