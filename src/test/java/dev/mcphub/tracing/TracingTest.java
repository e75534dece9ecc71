package dev.mcphub.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TracingTest {

    @Test
    void tracingIsOffWhenNoOpenTelemetryVariableAsksForIt() {
        assertThat(Tracing.wanted(Map.of())).isFalse();
        assertThat(Tracing.fromEnvironment(Map.of("OTEL_SERVICE_NAME", "x"))).isSameAs(Tracing.OFF);
    }

    @Test
    void anOtlpEndpointOrANamedExporterTurnsTracingOn() {
        assertThat(Tracing.wanted(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317")))
                .isTrue();
        assertThat(Tracing.wanted(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://127.0.0.1:4318/v1/traces")))
                .isTrue();
        assertThat(Tracing.wanted(Map.of("OTEL_TRACES_EXPORTER", "otlp"))).isTrue();
    }

    @Test
    void theSdkSwitchAndTheNoneExporterWinOverAnEndpoint() {
        assertThat(Tracing.wanted(
                        Map.of("OTEL_SDK_DISABLED", "true", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317")))
                .isFalse();
        assertThat(Tracing.wanted(
                        Map.of("OTEL_TRACES_EXPORTER", "none", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317")))
                .isFalse();
    }

    @Test
    void tracingOffPassesEveryCallStraightThrough() {
        assertThat(Tracing.OFF.enabled()).isFalse();
        assertThat(Tracing.OFF.currentIds()).isNull();
        Runnable task = () -> {};
        assertThat(Tracing.OFF.withCurrentContext(task)).isSameAs(task);
        assertThat(Tracing.OFF.calls().start("s", "stdio", "tools/call", null).traceparent())
                .isNull();
    }

    @Test
    void routesOfSingleServerEndpointsDoNotNameTheServer() {
        assertThat(OtelTracing.route("/servers/my-server/mcp")).isEqualTo("/servers/{server}/mcp");
        assertThat(OtelTracing.route("/servers/x/messages")).isEqualTo("/servers/{server}/messages");
        assertThat(OtelTracing.route("/profiles/coding/mcp")).isEqualTo("/profiles/{profile}/mcp");
        assertThat(OtelTracing.route("/api/servers/tools")).isEqualTo("/api/servers/tools");
    }
}
