package dev.mcphub.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Timeout(10)
class TraceMetaTest {
    private static final String OURS = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void aStdioServerGetsTheTraceInMetaAndTheCallersParamsStayAsTheyWere() {
        ObjectNode params = Json.object();
        params.put("name", "echo");
        params.putObject("_meta").put("progressToken", 7);
        JsonNode sent = TraceMeta.withTraceparent(params, params, OURS, false);
        assertThat(sent.path("_meta").path("traceparent").asString()).isEqualTo(OURS);
        assertThat(sent.path("_meta").path("progressToken").asInt()).isEqualTo(7);
        assertThat(params.path("_meta").has("traceparent")).isFalse();
    }

    @Test
    void anHttpServerGetsTheHeaderOnlyUnlessTheClientPutItsOwnTraceInMeta() {
        ObjectNode plain = Json.object().put("name", "echo");
        assertThat(TraceMeta.withTraceparent(plain, plain, OURS, true)).isSameAs(plain);

        ObjectNode fromClient = Json.object();
        fromClient
                .putObject("_meta")
                .put("traceparent", "00-11111111111111111111111111111111-2222222222222222-01")
                .put("tracestate", "vendor=1");
        JsonNode sent = TraceMeta.withTraceparent(fromClient, fromClient, OURS, true);
        assertThat(sent.path("_meta").path("traceparent").asString()).isEqualTo(OURS);
        assertThat(sent.path("_meta").has("tracestate")).isFalse();
    }

    @Test
    void withoutTracingNothingChanges() {
        ObjectNode params = Json.object().put("name", "echo");
        assertThat(TraceMeta.withTraceparent(params, params, null, false)).isSameAs(params);
    }
}
