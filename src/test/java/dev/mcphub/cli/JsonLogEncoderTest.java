package dev.mcphub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.mcphub.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

@Timeout(10)
class JsonLogEncoderTest {
    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("dev.mcphub.hub.Hub");

    @Test
    void aLineIsOneJsonObjectWithTheServerAndTheTraceOfTheRequest() {
        JsonLogEncoder encoder =
                new JsonLogEncoder(() -> new String[] {"0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"});
        LoggingEvent event = new LoggingEvent(
                "x", logger, Level.WARN, "{}: could not send {}", null, new Object[] {"memory", "ping"});
        event.setMDCPropertyMap(Map.of("server", "memory"));
        byte[] bytes = encoder.encode(event);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n").doesNotContain("\n{").hasLineCount(1);
        JsonNode line = Json.parse(bytes);
        assertThat(line.path("level").asString()).isEqualTo("WARN");
        assertThat(line.path("logger").asString()).isEqualTo("dev.mcphub.hub.Hub");
        assertThat(line.path("server").asString()).isEqualTo("memory");
        assertThat(line.path("message").asString()).isEqualTo("memory: could not send ping");
        assertThat(line.path("trace_id").asString()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(line.path("span_id").asString()).isEqualTo("b7ad6b7169203331");
        assertThat(line.path("timestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void withoutTracingOrServerThoseFieldsAreLeftOutAndAnErrorKeepsItsStackOnTheSameLine() {
        JsonLogEncoder encoder = new JsonLogEncoder(() -> null);
        LoggingEvent event = new LoggingEvent(
                "x", logger, Level.ERROR, "failed\nwith a newline", new IllegalStateException("boom"), null);
        event.setMDCPropertyMap(Map.of());
        byte[] bytes = encoder.encode(event);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).hasLineCount(1);
        JsonNode line = Json.parse(bytes);
        assertThat(line.has("trace_id")).isFalse();
        assertThat(line.has("server")).isFalse();
        assertThat(line.path("message").asString()).isEqualTo("failed\nwith a newline");
        assertThat(line.path("error").asString()).contains("IllegalStateException: boom");
    }
}
