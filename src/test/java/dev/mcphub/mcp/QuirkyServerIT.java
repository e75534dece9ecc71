package dev.mcphub.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.HubServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What real servers get wrong, from {@code test-fixtures/servers/quirky-server.mjs} (plain JSON-RPC written by hand,
 * no MCP library): log lines and a JSON log object on stdout, CRLF line ends, unknown fields in every object and in
 * the JSON-RPC envelope, notifications before {@code initialized}, requests of its own with string and number ids, a
 * 100 kB tool description, bytes that are not UTF-8, and capabilities declared but not implemented. The hub survives
 * all of it and shows what it can.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class QuirkyServerIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private static HubProcess hub;
    private static RawMcp mcp;

    @BeforeAll
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    static void startAHubWithQuirkyServers() throws Exception {
        hub = TestHub.with("quirky", quirky())
                .failing("quirky-unimplemented", quirky("--unimplemented-lists"))
                .and("everything", Upstreams.everything())
                .start(dir);
        mcp = RawMcp.open(hub.url("/mcp"));
    }

    @AfterAll
    static void stopTheHub() {
        TestHub.closeQuietly(hub);
    }

    private static ObjectNode quirky(String... flags) {
        List<String> command = new java.util.ArrayList<>(List.of(
                "node", Fixtures.dir().resolve("servers/quirky-server.mjs").toString()));
        command.addAll(List.of(flags));
        return Upstreams.stdio(command);
    }

    @Test
    void everyToolIsListedWithItsUnknownFieldsKeptInRestAndMcp() throws Exception {
        JsonNode tools = HubServers.status(hub, "quirky").path("capabilities").path("tools");
        assertThat(Json.elements(tools).stream().map(tool -> tool.path("name").asString()))
                .containsExactly("echo", "big", "invalid_utf8", "pings");
        JsonNode echo = tools.get(0);
        assertThat(echo.path("x-vendor").path("tags")).hasSize(2);
        assertThat(echo.at("/annotations/x-annotation").asString()).isEqualTo("kept");
        assertThat(echo.at("/inputSchema/x-schema-extra").asBoolean()).isTrue();
        List<JsonNode> viaMcp = mcp.listAll("tools/list", "tools").stream()
                .filter(tool -> tool.path("name").asString().startsWith("quirky__"))
                .toList();
        ObjectNode expected = ((ObjectNode) echo).deepCopy().put("name", "quirky__echo");
        assertThat(viaMcp.getFirst()).isEqualTo(expected);
    }

    @Test
    void aHundredKilobyteDescriptionArrivesWhole() throws Exception {
        String expected = "A tool with a very long description. ".repeat(2800).substring(0, 100_000);
        JsonNode big = HubServers.status(hub, "quirky").at("/capabilities/tools/1");
        assertThat(big.path("description").asString()).isEqualTo(expected);
        JsonNode viaMcp = mcp.listAll("tools/list", "tools").stream()
                .filter(tool -> tool.path("name").asString().equals("quirky__big"))
                .findFirst()
                .orElseThrow();
        assertThat(viaMcp.path("description").asString()).isEqualTo(expected);
    }

    @Test
    void callsWorkThroughMcpAndRestAndKeepUnknownFields() throws Exception {
        JsonNode viaMcp = mcp.callTool("quirky__echo", Json.object().put("text", "hi"));
        assertThat(viaMcp.at("/content/0/text").asString()).isEqualTo("echo: hi");
        assertThat(viaMcp.at("/content/0/x-content-extra").asString()).isEqualTo("kept");
        assertThat(viaMcp.at("/x-result-extra/kept").asBoolean()).isTrue();
        JsonNode viaRest = restCall("echo", Json.object().put("text", "hi"));
        assertThat(viaRest).isEqualTo(viaMcp);
    }

    @Test
    void bytesThatAreNotUtf8ArriveAsReplacementCharactersAndTheServerStaysUp() throws Exception {
        String text = mcp.callTool("quirky__invalid_utf8", Json.object())
                .at("/content/0/text")
                .asString();
        assertThat(text).startsWith("before ").endsWith(" after").contains("\uFFFD");
        assertThat(restCall("invalid_utf8", Json.object()).at("/content/0/text").asString())
                .isEqualTo(text);
        assertThat(HubServers.status(hub, "quirky").path("status").asString()).isEqualTo("connected");
        assertThat(mcp.callTool("quirky__echo", Json.object().put("text", "still here"))
                        .at("/content/0/text")
                        .asString())
                .isEqualTo("echo: still here");
    }

    @Test
    void theServersOwnRequestsAreAnsweredWithTheirStringAndNumberIds() {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            String answered = mcp.callTool("quirky__pings", Json.object())
                    .at("/content/0/text")
                    .asString();
            assertThat(Json.elements(Json.parse(answered)))
                    .containsExactlyInAnyOrder(
                            Json.parse("{\"id\":\"quirky-ping\",\"type\":\"string\",\"ok\":true}"),
                            Json.parse("{\"id\":4242,\"type\":\"number\",\"ok\":true}"));
        });
    }

    @Test
    void itsResourceIsListedWithUnknownFieldsAndReadable() throws Exception {
        JsonNode resources =
                HubServers.status(hub, "quirky").path("capabilities").path("resources");
        assertThat(resources.at("/0/uri").asString()).isEqualTo("quirky://note");
        assertThat(resources.at("/0/x-resource-extra").asInt()).isEqualTo(1);
        ObjectNode body = Json.object().put("server_name", "quirky").put("uri", "quirky://note");
        HubProcess.Reply read = hub.post("/api/servers/resources", Json.text(body));
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().at("/result/contents/0/text").asString()).isEqualTo("a note");
    }

    @Test
    void theOtherServersAreUntouchedByTheQuirks() throws Exception {
        assertThat(hub.get("/api/health").json().path("state").asString()).isEqualTo("ready");
        assertThat(mcp.callTool("everything__echo", Json.object().put("message", "fine"))
                        .at("/content/0/text")
                        .asString())
                .isEqualTo("Echo: fine");
    }

    /**
     * Declares prompts and resources but answers {@code prompts/list} and {@code resources/templates/list} with
     * -32601: only {@code initialize} decides whether a server connects, and a list the server does not implement
     * is empty (issue 11, found item 1; fixed on the compat-fixes branch).
     */
    @Test
    void aServerThatDeclaresListsItDoesNotImplementConnectsWithTheListsItHas() throws Exception {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode status = HubServers.status(hub, "quirky-unimplemented");
            assertThat(status.path("status").asString()).as("%s", status).isEqualTo("connected");
        });
        JsonNode capabilities = HubServers.status(hub, "quirky-unimplemented").path("capabilities");
        assertThat(capabilities.path("tools")).hasSize(4);
        assertThat(capabilities.path("resources")).hasSize(1);
        assertThat(capabilities.path("resourceTemplates")).isEmpty();
        assertThat(capabilities.path("prompts")).isEmpty();
        assertThat(mcp.callTool("quirky_unimplemented__echo", Json.object().put("text", "ok"))
                        .at("/content/0/text")
                        .asString())
                .isEqualTo("echo: ok");
    }

    private static JsonNode restCall(String tool, ObjectNode arguments) throws Exception {
        ObjectNode body = Json.object().put("server_name", "quirky").put("tool", tool);
        body.set("arguments", arguments);
        HubProcess.Reply reply = hub.post("/api/servers/tools", Json.text(body));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("result");
    }
}
