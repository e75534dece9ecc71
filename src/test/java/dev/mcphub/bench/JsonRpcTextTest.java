package dev.mcphub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class JsonRpcTextTest {
    @Test
    void aStatelessToolCallCarriesTheWholeEnvelopeInItsMeta() {
        byte[] body = JsonRpcText.statelessToolCall(7, "2026-07-28", "everything__echo", "message", "m-1");

        JsonNode call = Json.parse(new String(body, StandardCharsets.UTF_8));
        assertThat(call.path("id").asInt()).isEqualTo(7);
        assertThat(call.path("method").asString()).isEqualTo("tools/call");
        assertThat(call.at("/params/name").asString()).isEqualTo("everything__echo");
        assertThat(call.at("/params/arguments/message").asString()).isEqualTo("m-1");
        JsonNode meta = call.at("/params/_meta");
        assertThat(meta.path("io.modelcontextprotocol/protocolVersion").asString())
                .isEqualTo("2026-07-28");
        assertThat(meta.path("io.modelcontextprotocol/clientCapabilities").isObject())
                .isTrue();
        assertThat(meta.path("io.modelcontextprotocol/clientInfo").path("name").asString())
                .isNotEmpty();
    }
}
