package dev.mcphub.metrics;

import dev.mcphub.hub.HubEvent;
import dev.mcphub.hub.ServerView;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.function.Supplier;

/**
 * The series read from the hub when Prometheus scrapes (server status, sessions, subscribers, events) and
 * those counted from hub events (config reloads) or by the parts that do the work (OAuth, marketplace).
 */
final class HubGauges {
    static final List<String> STATUSES = List.of("connected", "connecting", "disconnected", "unauthorized", "disabled");

    private final CounterDataPoint reloadsApplied;
    private final CounterDataPoint reloadsUnchanged;
    private final CounterDataPoint reloadsInvalid;
    final Counter oauthRefreshes;
    final Counter marketplaceFetches;

    HubGauges(PrometheusRegistry registry, Supplier<MetricsSources> sources) {
        GaugeWithCallback.builder()
                .name("mcphub_server_up")
                .help("1 when the server is connected, else 0")
                .labelNames("server")
                .callback(cb -> {
                    MetricsSources s = sources.get();
                    if (s != null) {
                        for (ServerView server : s.snapshot().servers()) {
                            cb.call(server.isConnected() ? 1 : 0, server.name());
                        }
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("mcphub_server_status")
                .help("1 for the server's current status (connected, connecting, disconnected, unauthorized,"
                        + " disabled), 0 for the others")
                .labelNames("server", "status")
                .callback(cb -> {
                    MetricsSources s = sources.get();
                    if (s != null) {
                        for (ServerView server : s.snapshot().servers()) {
                            String now = server.state().status();
                            for (String status : STATUSES) {
                                cb.call(status.equals(now) ? 1 : 0, server.name(), status);
                            }
                        }
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("mcphub_mcp_sessions")
                .help("Open MCP sessions at /mcp, by transport (streamable-http, sse) and protocol version")
                .labelNames("transport", "protocol_version")
                .callback(cb -> {
                    MetricsSources s = sources.get();
                    if (s != null) {
                        s.mcpSessions().forEach((key, count) -> cb.call(count, key.get(0), key.get(1)));
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("mcphub_sse_subscribers")
                .help("Clients connected to the event stream /api/events")
                .callback(cb -> {
                    MetricsSources s = sources.get();
                    cb.call(s == null ? 0 : s.sseSubscribers());
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("mcphub_events_published_total")
                .help("Events broadcast on the event stream")
                .callback(cb -> {
                    MetricsSources s = sources.get();
                    cb.call(s == null ? 0 : s.eventsPublished());
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("mcphub_events_dropped_total")
                .help("Event deliveries lost because a client was closed or fell too far behind and was dropped")
                .callback(cb -> {
                    MetricsSources s = sources.get();
                    cb.call(s == null ? 0 : s.eventsDropped());
                })
                .register(registry);
        Counter reloads = counter(
                registry,
                "mcphub_config_reloads_total",
                "Config reloads, by outcome: applied (something changed), unchanged, invalid (the last good"
                        + " config stays)",
                "outcome");
        reloadsApplied = reloads.labelValues("applied");
        reloadsUnchanged = reloads.labelValues("unchanged");
        reloadsInvalid = reloads.labelValues("invalid");
        oauthRefreshes = counter(
                registry,
                "mcphub_oauth_refreshes_total",
                "OAuth access-token refreshes for remote servers, by outcome (ok, failed)",
                "outcome");
        marketplaceFetches = counter(
                registry,
                "mcphub_marketplace_fetches_total",
                "Fetches of the marketplace registry, by outcome (ok, failed)",
                "outcome");
    }

    private static Counter counter(PrometheusRegistry registry, String name, String help, String label) {
        Counter.Builder builder = Counter.builder().name(name).help(help).labelNames(label);
        builder.withoutExemplars();
        return builder.register(registry);
    }

    /** Counts config reloads from the hub's events. */
    void onEvent(HubEvent event) {
        if (event instanceof HubEvent.ConfigChanged changed) {
            if (changed.newConfig() == null) {
                reloadsInvalid.inc();
            } else if (changed.significant()) {
                reloadsApplied.inc();
            } else {
                reloadsUnchanged.inc();
            }
        }
    }
}
