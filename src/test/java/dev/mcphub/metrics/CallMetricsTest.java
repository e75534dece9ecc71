package dev.mcphub.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.json.Json;
import dev.mcphub.upstream.CallObserver;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

@Timeout(10)
class CallMetricsTest {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Set<String> listed = Set.of("echo", "add");
    private final CallMetrics metrics = new CallMetrics(registry, (server, tool) -> listed.contains(tool), false);

    @Test
    void eachOutcomeOfAToolCallIsCountedUnderItsServerAndTool() throws Exception {
        call("echo", CallObserver.Outcome.OK);
        call("echo", CallObserver.Outcome.OK);
        call("echo", CallObserver.Outcome.TOOL_ERROR);
        call("add", CallObserver.Outcome.TIMEOUT);
        String text = scrape();
        assertThat(text)
                .contains("mcphub_tool_calls_total{outcome=\"ok\",server=\"s\",tool=\"echo\"} 2.0")
                .contains("mcphub_tool_calls_total{outcome=\"tool_error\",server=\"s\",tool=\"echo\"} 1.0")
                .contains("mcphub_tool_calls_total{outcome=\"timeout\",server=\"s\",tool=\"add\"} 1.0")
                .contains("mcphub_tool_call_duration_seconds_count{server=\"s\",tool=\"echo\"} 3")
                .contains("mcphub_upstream_requests_total{method=\"tools/call\",outcome=\"ok\",server=\"s\"} 2.0")
                .contains("mcphub_server_calls_in_flight{server=\"s\"} 0.0");
    }

    @Test
    void namesTheServerDoesNotListShareOneFixedLabel() throws Exception {
        for (int i = 0; i < 50; i++) {
            call("made-up-" + i, CallObserver.Outcome.PROTOCOL_ERROR);
        }
        String text = scrape();
        assertThat(text)
                .contains("mcphub_tool_calls_total{outcome=\"protocol_error\",server=\"s\",tool=\"_unlisted\"} 50.0")
                .doesNotContain("made-up");
    }

    @Test
    void methodsOutsideTheKnownListShareOneLabel() throws Exception {
        for (String method : new String[] {"x/1", "x/2", "resources/read"}) {
            metrics.start("s", "stdio", method, null).end(CallObserver.Outcome.OK, -1, -1);
        }
        String text = scrape();
        assertThat(text)
                .contains("mcphub_upstream_requests_total{method=\"other\",outcome=\"ok\",server=\"s\"} 2.0")
                .contains("mcphub_upstream_requests_total{method=\"resources/read\",outcome=\"ok\",server=\"s\"} 1.0");
    }

    @Test
    void aCallInFlightIsSeenUntilItEnds() throws Exception {
        CallObserver.Call call = metrics.start("s", "stdio", "tools/call", params("echo"));
        assertThat(scrape()).contains("mcphub_server_calls_in_flight{server=\"s\"} 1.0");
        call.end(CallObserver.Outcome.CANCELLED, -1, -1);
        assertThat(scrape())
                .contains("mcphub_server_calls_in_flight{server=\"s\"} 0.0")
                .contains("mcphub_tool_calls_total{outcome=\"cancelled\",server=\"s\",tool=\"echo\"} 1.0");
    }

    private void call(String tool, CallObserver.Outcome outcome) {
        metrics.start("s", "stdio", "tools/call", params(tool)).end(outcome, -1, -1);
    }

    private static ObjectNode params(String tool) {
        ObjectNode params = Json.object();
        params.put("name", tool);
        return params;
    }

    private String scrape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExpositionFormats.init().getPrometheusTextFormatWriter().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
