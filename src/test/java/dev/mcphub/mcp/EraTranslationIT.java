package dev.mcphub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.json.Json;
import dev.mcphub.mcp.TsClient.Transport;
import dev.mcphub.testing.HubProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where the eras meet: a 2025-era server (server-everything) asks the client for sampling, elicitation or roots
 * during a call from a 2026-07-28 client, which has no server-to-client requests. The hub answers the call with a
 * Multi Round-Trip {@code InputRequiredResult} and gives the retry's {@code inputResponses} to the server as its
 * answers, with an opaque, integrity-protected {@code requestState}. The official v2 client fulfils the rounds
 * itself; the v1 client's session gets the same server requests as ordinary requests, at the same time.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EraTranslationIT {
    private static final String MODERN = "2026-07-28";
    private static final String SAMPLING_TOOL = "everything__trigger-sampling-request";

    @TempDir
    static Path dir;

    private static HubProcess hub;

    @BeforeAll
    static void startHub() throws Exception {
        hub = TestHub.with("everything", Upstreams.everything()).start(dir);
    }

    @AfterAll
    static void stopHub() {
        TestHub.closeQuietly(hub);
    }

    @Test
    void aModernClientAnswersA2025ServersSamplingElicitationAndRootsThroughInputRounds() {
        try (TsClient modern = TsClient.modern(hub.url("/mcp"), "sampling", "elicitation", "roots");
                TsClient legacy = TsClient.start("session", hub.url("/mcp"), Transport.HTTP, "sampling")) {
            modern.send(TsClient.call("sample", SAMPLING_TOOL, Json.object().put("prompt", "two plus two")));
            assertThat(modern.outcome("sample").at("/result/content/0/text").asString())
                    .contains("v2-sampled: Resource trigger-sampling-request context: two plus two");
            // One call at a time: a stdio server's sampling request does not say which call it belongs to, so
            // with two clients' calls in flight on one server the hub can only guess (see ServerRequests).
            legacy.send(TsClient.call("sample", SAMPLING_TOOL, Json.object().put("prompt", "three plus three")));
            assertThat(legacy.outcome("sample").at("/result/content/0/text").asString())
                    .contains("three plus three")
                    .doesNotContain("v2-sampled");
            modern.send(TsClient.call("elicit", "everything__trigger-elicitation-request", Json.object()));
            modern.send(TsClient.call("roots", "everything__get-roots-list", Json.object()));

            assertThat(modern.outcome("elicit").at("/result/content/1/text").asString())
                    .contains("Name: v2-answer");
            assertThat(modern.outcome("roots").at("/result/content/0/text").asString())
                    .contains("file:///tmp/mcp-hub-v2-root");
            List<String> asked = TsClient.ofType(modern.lines(), "serverRequest").stream()
                    .map(line -> line.path("method").asString())
                    .toList();
            assertThat(asked).containsExactlyInAnyOrder("sampling/createMessage", "elicitation/create", "roots/list");
        }
    }

    @Test
    void theInputRoundsRequestStateIsOpaqueBoundToTheRequestAndRefusedWhenTamperedWith() {
        JsonNode first = call(1, "x", null, null);
        JsonNode result = first.path("result");
        assertThat(result.path("resultType").asString()).isEqualTo("input_required");
        JsonNode input =
                result.path("inputRequests").properties().iterator().next().getValue();
        assertThat(input.path("method").asString()).isEqualTo("sampling/createMessage");
        assertThat(input.at("/params/messages/0/content/text").asString()).endsWith("context: x");
        String key = result.path("inputRequests").propertyNames().iterator().next();
        String state = result.path("requestState").asString();
        assertThat(state).doesNotContain("everything").doesNotContain("sampling");

        JsonNode tampered = call(
                2,
                "x",
                state.substring(0, 8) + (state.charAt(8) == 'Z' ? "Y" : "Z") + state.substring(9),
                Json.object());
        assertThat(tampered.at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(tampered.at("/error/message").asString()).contains("requestState");
        JsonNode otherArguments = call(3, "y", state, Json.object());
        assertThat(otherArguments.at("/error/code").asInt()).isEqualTo(-32602);

        JsonNode unanswered = call(4, "x", state, Json.object().put("not-asked", 1));
        assertThat(unanswered.at("/result/resultType").asString()).isEqualTo("input_required");
        assertThat(unanswered.at("/result/inputRequests").has(key)).isTrue();

        ObjectNode answers = Json.object();
        ObjectNode sampled = answers.putObject(key).put("role", "assistant").put("model", "raw-model");
        sampled.putObject("content").put("type", "text").put("text", "four");
        JsonNode complete = call(5, "x", state, answers);
        assertThat(complete.at("/result/resultType").asString()).isEqualTo("complete");
        assertThat(complete.at("/result/content/0/text").asString()).contains("four");

        JsonNode spent = call(6, "x", state, answers);
        assertThat(spent.at("/error/code").asInt())
                .as("a state whose call is over")
                .isEqualTo(-32602);
    }

    @Test
    void aModernClientThatDidNotDeclareSamplingGetsAnErrorNamingTheFeatureAndTheEras() {
        try (TsClient modern = TsClient.modern(hub.url("/mcp"))) {
            modern.send(TsClient.call("sample", SAMPLING_TOOL, Json.object().put("prompt", "no")));
            JsonNode outcome = modern.outcome("sample");
            assertThat(outcome.at("/result/isError").asBoolean()).isTrue();
            assertThat(outcome.at("/result/content/0/text").asString())
                    .contains("sampling/createMessage", "2025 era", MODERN, "did not declare sampling");
        }
    }

    /** tools/call of the sampling tool by a raw modern client that declares sampling, a retry when state is set. */
    private static JsonNode call(int id, String prompt, String state, JsonNode inputResponses) {
        ObjectNode params = Json.object().put("name", SAMPLING_TOOL);
        params.putObject("arguments").put("prompt", prompt);
        ObjectNode meta = params.putObject("_meta");
        meta.put(Eras.VERSION_KEY, MODERN);
        meta.putObject(Eras.CAPABILITIES_KEY).putObject("sampling");
        if (state != null) {
            params.put("requestState", state);
            params.set("inputResponses", inputResponses);
        }
        String body = Json.text(Json.object()
                .put("jsonrpc", "2.0")
                .put("id", id)
                .put("method", "tools/call")
                .set("params", params));
        HttpResponse<String> reply = new RawMcp(hub.url("/mcp"))
                .post(
                        body,
                        Map.of("MCP-Protocol-Version", MODERN, "Mcp-Method", "tools/call", "Mcp-Name", SAMPLING_TOOL));
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return RawMcp.messages(reply).getLast();
    }
}
