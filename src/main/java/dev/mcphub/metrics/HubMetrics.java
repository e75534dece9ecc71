package dev.mcphub.metrics;

import dev.mcphub.hub.HubEvent;
import dev.mcphub.hub.ServerView;
import dev.mcphub.json.Json;
import dev.mcphub.upstream.CallObserver;
import dev.mcphub.upstream.ListKind;
import dev.mcphub.upstream.UpstreamState;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * The hub's metrics: one registry of its own (never the global one, so tests and embedders can run several),
 * the call observer for the upstream layer, and the scrape in the format the scraper asks for.
 *
 * <p>The sources are bound after the parts they read exist; until then the scrape-time series are empty.
 */
public final class HubMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final CallMetrics calls;
    private final HubGauges gauges;
    private final ExpositionFormats formats = ExpositionFormats.init();
    private volatile MetricsSources sources;
    private boolean jvmRegistered;

    /** @param exemplars whether latency and call counts carry trace exemplars (when tracing is on) */
    public HubMetrics(boolean exemplars) {
        calls = new CallMetrics(registry, this::listedTool, exemplars);
        gauges = new HubGauges(registry, () -> sources);
    }

    /** Where the scrape-time series read from. */
    public void bind(MetricsSources sources) {
        this.sources = sources;
    }

    /** What the upstream layer reports every request and state change to. */
    public CallObserver calls() {
        return calls;
    }

    /** Takes every hub event (config reloads are counted from them). */
    public void onEvent(HubEvent event) {
        gauges.onEvent(event);
    }

    /** Counts an OAuth token refresh: {@code ok} or {@code failed}. */
    public Consumer<Boolean> oauthRefreshes() {
        var ok = gauges.oauthRefreshes.labelValues("ok");
        var failed = gauges.oauthRefreshes.labelValues("failed");
        return success -> (success ? ok : failed).inc();
    }

    /** Counts a marketplace registry fetch: {@code ok} or {@code failed}. */
    public Consumer<Boolean> marketplaceFetches() {
        var ok = gauges.marketplaceFetches.labelValues("ok");
        var failed = gauges.marketplaceFetches.labelValues("failed");
        return success -> (success ? ok : failed).inc();
    }

    /** One scrape: the body and its content type, OpenMetrics when {@code accept} asks for it, else text 0.0.4. */
    public Scrape scrape(String accept) {
        registerJvmMetrics();
        ExpositionFormatWriter writer = formats.findWriter(accept);
        if (!writer.isAvailable()) { // Protobuf needs a module we do not ship: text instead.
            writer = formats.getPrometheusTextFormatWriter();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Scrape(writer.getContentType(), out.toByteArray());
    }

    public record Scrape(String contentType, byte[] body) {}

    /**
     * The JVM series, registered at the first scrape: they load the JDK's management beans, which cost start-up
     * time a hub that is never scraped should not pay.
     */
    private synchronized void registerJvmMetrics() {
        if (!jvmRegistered) {
            jvmRegistered = true;
            // JvmMetrics minus the allocation counter: it counts on GC notifications through an exemplar sampler
            // that loads OpenTelemetry, which a hub with tracing off must not. Memory, GC, threads, CPU stay.
            JvmThreadsMetrics.builder().register(registry);
            JvmBufferPoolMetrics.builder().register(registry);
            JvmClassLoadingMetrics.builder().register(registry);
            JvmCompilationMetrics.builder().register(registry);
            JvmGarbageCollectorMetrics.builder().register(registry);
            JvmMemoryMetrics.builder().register(registry);
            JvmRuntimeInfoMetric.builder().register(registry);
            ProcessMetrics.builder().register(registry);
        }
    }

    private boolean listedTool(String server, String tool) {
        MetricsSources s = sources;
        if (s == null) {
            return false;
        }
        ServerView view = s.snapshot().server(server).orElse(null);
        if (view == null || !(view.state() instanceof UpstreamState.Connected connected)) {
            return false;
        }
        for (JsonNode item : connected.capabilities().get(ListKind.TOOLS)) {
            if (tool.equals(Json.string(item, "name"))) {
                return true;
            }
        }
        return false;
    }
}
