package dev.mcphub.bench;

import java.io.IOException;
import java.util.List;

/**
 * The ceiling, measured in every repeat right before the hubs: server-everything driven directly, without a
 * hub, over stdio with K requests in flight (the column next to every {@code /mcp} and REST row), and in its
 * Streamable HTTP mode at K=1 (the baseline of the hub-added latency over HTTP).
 */
final class CeilingScenario {
    private final BenchContext ctx;

    CeilingScenario(BenchContext ctx) {
        this.ctx = ctx;
    }

    void run() throws IOException, InterruptedException {
        Figures f = ctx.figures;
        double errors = 0;
        List<String> stdio = List.of(
                "--transport",
                "stdio",
                "--cmd",
                ctx.node().toString(),
                "--cmd",
                ctx.serverEverything().toString(),
                "--cmd",
                "stdio");
        for (int k : ctx.options.concurrency()) {
            if (!ctx.timeLeft()) {
                return;
            }
            LoadPoint.Outcome o = LoadPoint.run(ctx, null, k, stdio, false);
            for (String route : Catalog.ROUTES) {
                LoadPoint.record(f, route, k, Subject.CEILING, o);
            }
            errors += o.errors();
            ctx.progress("ceiling: direct stdio K=" + k + ": " + LoadPoint.describe(o));
        }
        try (BenchContext.HttpUpstream upstream = ctx.startEverythingHttp(ctx.newDir("ceiling-http"))) {
            List<String> direct = List.of("--transport", "streamable", "--url", upstream.url, "--tool", "echo");
            LoadPoint.warm(ctx, null, direct);
            LoadPoint.Outcome o = LoadPoint.run(ctx, null, 1, direct, false);
            errors += o.errors();
            f.add("url_k1_cps", Subject.CEILING, o.cps());
            f.add("url_k1_p50_ms", Subject.CEILING, o.p50Ms());
            f.add("url_k1_p99_ms", Subject.CEILING, o.p99Ms());
            ctx.progress("ceiling: direct Streamable HTTP K=1: " + LoadPoint.describe(o));
        }
        f.add("errors_total", Subject.CEILING, errors);
    }
}
