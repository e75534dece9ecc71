package dev.mcphub.metrics;

import dev.mcphub.upstream.CallObserver;
import dev.mcphub.upstream.UpstreamState;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import tools.jackson.databind.JsonNode;

/**
 * Counts and times every request the hub sends to a server. The hot path does two map look-ups (server,
 * then tool or method) and a few atomic adds: each label set's data points are looked up once and kept.
 */
final class CallMetrics implements CallObserver {
    /** The tool label of a call whose name is not in the server's tool list (keeps label values bounded). */
    static final String UNLISTED = "_unlisted";

    static final String OTHER_METHOD = "other";
    static final Set<String> METHODS = Set.of(
            "tools/call",
            "tools/list",
            "prompts/get",
            "prompts/list",
            "resources/read",
            "resources/list",
            "resources/templates/list",
            "resources/subscribe",
            "resources/unsubscribe",
            "completion/complete",
            "logging/setLevel",
            "ping",
            "initialize");

    /** Latency buckets in seconds: sub-millisecond stdio calls up to the default one-minute timeout. */
    static final double[] SECONDS = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120
    };

    final Counter toolCalls;
    final Histogram toolDuration;
    final Counter requests;
    final Histogram requestDuration;
    final Gauge inFlight;
    final Lifecycle lifecycle;
    private final BiPredicate<String, String> listedTool;
    private final Map<String, ServerPoints> servers = new ConcurrentHashMap<>();

    /**
     * @param listedTool whether a server lists a tool now (from the catalogue)
     * @param exemplars whether latencies carry trace exemplars (only when tracing is on)
     */
    CallMetrics(PrometheusRegistry registry, BiPredicate<String, String> listedTool, boolean exemplars) {
        this.listedTool = listedTool;
        Counter.Builder calls = Counter.builder()
                .name("mcphub_tool_calls_total")
                .help("Tool calls through the hub, by server, tool and outcome"
                        + " (ok, tool_error, protocol_error, timeout, cancelled)")
                .labelNames("server", "tool", "outcome");
        Histogram.Builder callTime = Histogram.builder()
                .classicOnly()
                .classicUpperBounds(SECONDS)
                .name("mcphub_tool_call_duration_seconds")
                .unit(Unit.SECONDS)
                .help("Time from sending a tool call to its answer, by server and tool")
                .labelNames("server", "tool");
        Counter.Builder all = Counter.builder()
                .name("mcphub_upstream_requests_total")
                .help("Every request the hub sent to a server (tool calls included), by server, method and outcome")
                .labelNames("server", "method", "outcome");
        Histogram.Builder allTime = Histogram.builder()
                .classicOnly()
                .classicUpperBounds(SECONDS)
                .name("mcphub_upstream_request_duration_seconds")
                .unit(Unit.SECONDS)
                .help("Time from sending a request to a server to its answer, by server and method")
                .labelNames("server", "method");
        if (!exemplars) {
            calls.withoutExemplars();
            callTime.withoutExemplars();
            all.withoutExemplars();
            allTime.withoutExemplars();
        }
        toolCalls = calls.register(registry);
        toolDuration = callTime.register(registry);
        requests = all.register(registry);
        requestDuration = allTime.register(registry);
        Gauge.Builder inFlightBuilder = Gauge.builder()
                .name("mcphub_server_calls_in_flight")
                .help("Requests sent to a server and not yet answered")
                .labelNames("server");
        inFlightBuilder.withoutExemplars(); // Exemplars would load OpenTelemetry even with tracing off.
        inFlight = inFlightBuilder.register(registry);
        lifecycle = new Lifecycle(registry);
    }

    @Override
    public Call start(String server, String transport, String method, JsonNode params) {
        ServerPoints known = servers.get(server); // No lock and no lambda on the hot path.
        ServerPoints points = known != null ? known : servers.computeIfAbsent(server, ServerPoints::new);
        MethodPoints call = "tools/call".equals(method) ? points.tool(toolName(params)) : points.method(method);
        MethodPoints request = "tools/call".equals(method) ? points.method(method) : call;
        points.inFlight.inc();
        long start = System.nanoTime();
        return (outcome, sentBytes, receivedBytes) -> {
            double seconds = (System.nanoTime() - start) / 1e9;
            points.inFlight.dec();
            request.record(outcome, seconds);
            if (call != request) {
                call.record(outcome, seconds);
            }
        };
    }

    @Override
    public void stateChanged(String server, UpstreamState previous, UpstreamState current) {
        lifecycle.changed(server, previous, current);
    }

    private static String toolName(JsonNode params) {
        JsonNode name = params == null ? null : params.get("name");
        return name == null || !name.isString() ? UNLISTED : name.asString();
    }

    /** The data points of one server, made on its first call. */
    private final class ServerPoints {
        final String server;
        final GaugeDataPoint inFlight;
        final Map<String, MethodPoints> methods = new ConcurrentHashMap<>();
        final Map<String, MethodPoints> tools = new ConcurrentHashMap<>();

        ServerPoints(String server) {
            this.server = server;
            this.inFlight = CallMetrics.this.inFlight.labelValues(server);
        }

        MethodPoints method(String method) {
            MethodPoints known = methods.get(method);
            if (known != null) {
                return known;
            }
            String label = METHODS.contains(method) ? method : OTHER_METHOD;
            return methods.computeIfAbsent(label, m -> new MethodPoints(requests, requestDuration, server, m));
        }

        /** Only names the server lists get their own series; the check runs once per new name. */
        MethodPoints tool(String tool) {
            MethodPoints known = tools.get(tool);
            if (known != null) {
                return known;
            }
            String label = !UNLISTED.equals(tool) && listedTool.test(server, tool) ? tool : UNLISTED;
            return tools.computeIfAbsent(label, t -> new MethodPoints(toolCalls, toolDuration, server, t));
        }
    }

    /** A counter per outcome and a latency histogram for one label set. */
    private static final class MethodPoints {
        final CounterDataPoint[] byOutcome = new CounterDataPoint[Outcome.values().length];
        final DistributionDataPoint latency;

        MethodPoints(Counter counter, Histogram histogram, String server, String name) {
            for (Outcome outcome : Outcome.values()) {
                byOutcome[outcome.ordinal()] = counter.labelValues(server, name, outcome.label);
            }
            latency = histogram.labelValues(server, name);
        }

        void record(Outcome outcome, double seconds) {
            byOutcome[outcome.ordinal()].inc();
            latency.observe(seconds);
        }
    }
}
