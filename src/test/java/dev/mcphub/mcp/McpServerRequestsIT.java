package dev.mcphub.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.json.Json;
import dev.mcphub.mcp.TsClient.Transport;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The upstreams' own requests through {@code /mcp}: sampling and elicitation go to the client whose call is in
 * flight (when it declared the capability, else the upstream gets a clear error), roots to the clients that offer
 * them, and their answers back to the upstream. Upstream: server-everything, which has tools that ask.
 */
class McpServerRequestsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final TestHub hub = TestHub.with("everything", Upstreams.everything());

    @Test
    void samplingReachesTheClientWhoseCallIsInFlightAndItsAnswerReachesTheServer() {
        List<JsonNode> lines = TsClient.run(
                hub.url("/mcp"),
                Transport.HTTP,
                List.of(TsClient.call(
                        "sample",
                        "everything__trigger-sampling-request",
                        Json.object().put("prompt", "two plus two"))),
                "sampling");

        JsonNode asked = TsClient.ofType(lines, "serverRequest").getFirst();
        assertThat(asked.path("method").asString()).isEqualTo("sampling/createMessage");
        assertThat(asked.at("/params/messages/0/content/text").asString()).contains("two plus two");
        assertThat(TsClient.outcome(lines, "sample")
                        .at("/result/content/0/text")
                        .asString())
                .contains("sampled: Resource trigger-sampling-request context: two plus two");

        List<String> idleClientPrompts = new CopyOnWriteArrayList<>();
        List<String> callingClientPrompts = new CopyOnWriteArrayList<>();
        McpSyncClient idle = samplingClient(idleClientPrompts);
        McpSyncClient calling = samplingClient(callingClientPrompts);
        try {
            CallToolResult result = calling.callTool(CallToolRequest.builder("everything__trigger-sampling-request")
                    .arguments(Map.of("prompt", "from java"))
                    .build());
            assertThat(text(result)).contains("answer to: Resource trigger-sampling-request context: from java");
            assertThat(callingClientPrompts).hasSize(1);
            assertThat(idleClientPrompts).isEmpty();
        } finally {
            idle.closeGracefully();
            calling.closeGracefully();
        }
    }

    @Test
    void elicitationReachesTheCallingClientAndItsAnswerReachesTheServer() {
        List<JsonNode> lines = TsClient.run(
                hub.url("/mcp"),
                Transport.HTTP,
                List.of(TsClient.call("elicit", "everything__trigger-elicitation-request", Json.object())),
                "elicitation");

        assertThat(TsClient.ofType(lines, "serverRequest")
                        .getFirst()
                        .path("method")
                        .asString())
                .isEqualTo("elicitation/create");
        assertThat(TsClient.outcome(lines, "elicit")
                        .at("/result/content/1/text")
                        .asString())
                .contains("Name: Ada Lovelace");

        McpSyncClient java = JavaClients.streamable(
                hub.url(""),
                "/mcp",
                spec -> spec.capabilities(
                                ClientCapabilities.builder().elicitation().build())
                        .elicitation(request -> ElicitResult.builder(ElicitResult.Action.ACCEPT)
                                .content(Map.of("name", "Grace Hopper"))
                                .build()));
        try {
            CallToolResult result = java.callTool(CallToolRequest.builder("everything__trigger-elicitation-request")
                    .build());
            assertThat(text(result, 1)).contains("Name: Grace Hopper");
        } finally {
            java.closeGracefully();
        }
    }

    @Test
    void anUpstreamsRequestThatNoCallingClientDeclaredGetsAClearError() {
        List<JsonNode> lines = TsClient.run(
                hub.url("/mcp"),
                Transport.HTTP,
                List.of(
                        TsClient.call(
                                "sample",
                                "everything__trigger-sampling-request",
                                Json.object().put("prompt", "x")),
                        TsClient.call("elicit", "everything__trigger-elicitation-request", Json.object())));

        JsonNode sample = TsClient.outcome(lines, "sample").get("result");
        assertThat(sample.path("isError").asBoolean()).as(sample.toString()).isTrue();
        assertThat(sample.at("/content/0/text").asString())
                .contains("-32601", "no connected client that supports sampling", "'everything'");
        JsonNode elicit = TsClient.outcome(lines, "elicit").get("result");
        assertThat(elicit.path("isError").asBoolean()).as(elicit.toString()).isTrue();
        assertThat(elicit.at("/content/0/text").asString()).contains("no connected client that supports elicitation");
        assertThat(TsClient.ofType(lines, "serverRequest")).isEmpty();
    }

    @Test
    void rootsComeFromTheClientsThatOfferThemAndChangesReachTheServer() {
        for (int i = 0; i < 3; i++) {
            try (TsClient gone = TsClient.start("session", hub.url("/mcp"), Transport.HTTP, "roots")) {
                gone.awaitLine(line -> line.path("type").asString().equals("connected"));
                gone.kill(); // clients with roots that vanished without ending their sessions
            }
        }
        try (TsClient client = TsClient.start("session", hub.url("/mcp"), Transport.HTTP, "roots")) {
            client.send(TsClient.call("first", "everything__get-roots-list", Json.object()));
            assertThat(client.outcome("first").at("/result/content/0/text").asString())
                    .contains("file:///tmp/mcp-hub-test-root");

            ObjectNode roots = Json.object();
            roots.putArray("roots")
                    .addObject()
                    .put("uri", "file:///tmp/second-root")
                    .put("name", "second");
            client.send(TsClient.step("set", "setRoots", roots));
            client.send(TsClient.step("changed", "sendRootsListChanged", null));
            await().atMost(WAIT)
                    .until(() ->
                            TsClient.ofType(client.lines(), "serverRequest").size() == 2);
            client.send(TsClient.call("second", "everything__get-roots-list", Json.object()));

            assertThat(client.outcome("second").at("/result/content/0/text").asString())
                    .contains("file:///tmp/second-root");
            client.finish();
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static McpSyncClient samplingClient(List<String> prompts) {
        return JavaClients.streamable(
                hub.url(""),
                "/mcp",
                spec -> spec.capabilities(
                                ClientCapabilities.builder().sampling().build())
                        .sampling(request -> {
                            String prompt =
                                    ((TextContent) request.messages().getFirst().content()).text();
                            prompts.add(prompt);
                            return CreateMessageResult.builder(
                                            Role.ASSISTANT,
                                            TextContent.builder("answer to: " + prompt)
                                                    .build(),
                                            "test-model")
                                    .build();
                        }));
    }

    private static String text(CallToolResult result) {
        return text(result, 0);
    }

    private static String text(CallToolResult result, int index) {
        return ((TextContent) result.content().get(index)).text();
    }
}
