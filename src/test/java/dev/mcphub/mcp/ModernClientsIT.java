package dev.mcphub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.json.Json;
import dev.mcphub.mcp.TsClient.Transport;
import dev.mcphub.testing.HubProcess;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
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
 * 2026-07-28 clients on the endpoints that 2025-era sessions use: the official TypeScript SDK v2 client pinned to
 * 2026-07-28 (stateless: no initialize, no session, {@code _meta} on every request) and raw HTTP for the era's
 * error codes and statuses, beside the v1 client's sessions. Upstreams: server-everything and server-memory.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ModernClientsIT {
    private static final String MODERN = "2026-07-28";

    @TempDir
    static Path dir;

    private static HubProcess hub;

    @BeforeAll
    static void startHub() throws Exception {
        hub = TestHub.with("everything", Upstreams.everything())
                .and("memory", Upstreams.memory(dir.resolve("memory.json")))
                .start(dir);
    }

    @AfterAll
    static void stopHub() {
        TestHub.closeQuietly(hub);
    }

    @Test
    void aModernClientDiscoversListsCallsReadsAndGetsPromptsWithoutASession() {
        try (TsClient client = TsClient.modern(hub.url("/mcp"))) {
            JsonNode connected =
                    client.awaitLine(line -> line.path("type").asString().equals("connected"));
            assertThat(connected.path("era").asString()).isEqualTo("modern");
            assertThat(connected.path("protocolVersion").asString()).isEqualTo(MODERN);
            client.send(TsClient.step("discover", "discover", null));
            client.send(TsClient.step("tools", "listTools", null));
            client.send(TsClient.call("echo", "everything__echo", Json.object().put("message", "hi")));
            client.send(TsClient.step(
                    "read",
                    "readResource",
                    Json.object().put("uri", "everything__demo://resource/static/document/architecture.md")));
            client.send(TsClient.step("prompt", "getPrompt", Json.object().put("name", "everything__simple-prompt")));
            List<JsonNode> lines = client.finish();

            JsonNode discover = TsClient.outcome(lines, "discover").path("result");
            assertThat(Json.elements(discover.path("supportedVersions")).stream()
                            .map(JsonNode::asString))
                    .contains(MODERN, "2025-11-25");
            assertThat(discover.at("/_meta/io.modelcontextprotocol~1serverInfo/name")
                            .asString())
                    .isEqualTo("mcp-hub");
            assertThat(discover.at("/capabilities/tools/listChanged").asBoolean())
                    .isTrue();

            JsonNode tools = TsClient.outcome(lines, "tools").path("result");
            List<String> names = Json.elements(tools.path("tools")).stream()
                    .map(tool -> tool.path("name").asString())
                    .toList();
            assertThat(names).contains("everything__echo", "memory__read_graph").isSorted();
            assertThat(tools.path("ttlMs").isNumber()).isTrue();
            assertThat(tools.path("ttlMs").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(tools.path("cacheScope").asString()).isEqualTo("private");

            assertThat(TsClient.outcome(lines, "echo")
                            .at("/result/content/0/text")
                            .asString())
                    .isEqualTo("Echo: hi");
            assertThat(TsClient.outcome(lines, "read")
                            .at("/result/contents/0/text")
                            .asString())
                    .contains("Architecture");
            assertThat(TsClient.outcome(lines, "read").at("/result/cacheScope").asString())
                    .isEqualTo("private");
            assertThat(TsClient.outcome(lines, "prompt")
                            .at("/result/messages/0/content/text")
                            .asString())
                    .contains("simple prompt");
        }
    }

    @Test
    void everyModernAnswerSaysItsResultTypeAndCarriesNoSession() {
        HttpResponse<String> reply = post("tools/call", callParams("everything__echo", "plain"), Map.of());

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue(StreamableHttp.SESSION_HEADER)).isEmpty();
        JsonNode result = RawMcp.messages(reply).getLast().path("result");
        assertThat(result.path("resultType").asString()).isEqualTo("complete");
        assertThat(result.at("/content/0/text").asString()).isEqualTo("Echo: plain");
    }

    @Test
    void progressAndLogMessagesTravelOnTheRequestsOwnStreamOnlyWhenItAskedForThem() {
        try (TsClient client = TsClient.modern(hub.url("/mcp"))) {
            ObjectNode progress = TsClient.call(
                    "long",
                    "everything__trigger-long-running-operation",
                    Json.object().put("duration", 1).put("steps", 2));
            progress.put("progress", true);
            client.send(progress);
            // Simulated logging: a message every 5 s while on; a call that spans 8 s with a level hears one.
            client.send(TsClient.call("log", "everything__toggle-simulated-logging", Json.object()));
            ObjectNode listening = TsClient.call(
                    "listening",
                    "everything__trigger-long-running-operation",
                    Json.object().put("duration", 8).put("steps", 1));
            listening.put("logLevel", "debug");
            client.send(listening);
            List<JsonNode> lines = client.finish();

            assertThat(TsClient.ofType(lines, "progress")).hasSize(2);
            assertThat(TsClient.outcome(lines, "long").path("type").asString()).isEqualTo("result");
            assertThat(TsClient.ofType(lines, "notification")).anySatisfy(line -> {
                assertThat(line.path("method").asString()).isEqualTo("notifications/message");
                assertThat(line.at("/params/logger").asString()).isEqualTo("everything");
            });
        }
        // Off, then on again without a log level: the server logs at once, but this request did not ask.
        post("tools/call", callParams("everything__toggle-simulated-logging", null), Map.of());
        HttpResponse<String> quiet =
                post("tools/call", callParams("everything__toggle-simulated-logging", null), Map.of());
        post("tools/call", callParams("everything__toggle-simulated-logging", null), Map.of());

        assertThat(RawMcp.messages(quiet))
                .noneMatch(message -> message.path("method").asString().equals("notifications/message"));
        assertThat(RawMcp.messages(quiet).getLast().at("/result/content/0/text").asString())
                .contains("simulated");
    }

    @Test
    void aModernClientAndASessionClientUseTheSameEndpointAtOnce() {
        try (TsClient modern = TsClient.modern(hub.url("/mcp"));
                TsClient legacy = TsClient.start("session", hub.url("/mcp"), Transport.HTTP)) {
            modern.send(TsClient.call("m", "everything__echo", Json.object().put("message", "from 2026")));
            legacy.send(TsClient.call("l", "everything__echo", Json.object().put("message", "from 2025")));

            assertThat(modern.outcome("m").at("/result/content/0/text").asString())
                    .isEqualTo("Echo: from 2026");
            assertThat(legacy.outcome("l").at("/result/content/0/text").asString())
                    .isEqualTo("Echo: from 2025");
            JsonNode legacyConnected =
                    legacy.awaitLine(line -> line.path("type").asString().equals("connected"));
            assertThat(legacyConnected.path("protocolVersion").asString()).isEqualTo("2025-11-25");
            assertThat(legacyConnected.path("sessionId").asString()).isNotEmpty();
        }
    }

    @Test
    void subscriptionsListenDeliversListChangesAndResourceUpdatesTaggedWithTheListenId() throws Exception {
        String dynamic = "everything__demo://resource/dynamic/text/1";
        try (TsClient client = TsClient.modern(hub.url("/mcp"))) {
            ObjectNode filter = Json.object().put("toolsListChanged", true);
            filter.putArray("resourceSubscriptions").add(dynamic).add("nobody__nothing");
            client.send(TsClient.step("listen", "listen", filter));
            JsonNode listening =
                    client.awaitLine(line -> line.path("type").asString().equals("listening"));
            assertThat(listening.at("/acknowledged/toolsListChanged").asBoolean())
                    .isTrue();
            assertThat(Json.elements(listening.at("/acknowledged/resourceSubscriptions")).stream()
                            .map(JsonNode::asString))
                    .containsExactly(dynamic);

            post("tools/call", callParams("everything__toggle-subscriber-updates", null), Map.of());
            JsonNode updated =
                    client.awaitLine(line -> line.path("method").asString().equals("notifications/resources/updated"));
            assertThat(updated.at("/params/uri").asString()).isEqualTo(dynamic);

            TestHub.serverCommand(hub, "stop", "memory");
            client.awaitLine(line -> line.path("method").asString().equals("notifications/tools/list_changed"));
            TestHub.serverCommand(hub, "start", "memory");
            TestHub.awaitStatus(hub, List.of("memory"), "connected");
            post("tools/call", callParams("everything__toggle-subscriber-updates", null), Map.of());
        }
    }

    @Test
    void theListenStreamAcknowledgesFirstAndTagsEveryNotificationWithItsRequestId() throws Exception {
        ObjectNode params = envelope(Json.object());
        params.putObject("notifications").put("promptsListChanged", true);
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(hub.url("/mcp")))
                .timeout(java.time.Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", RawMcp.ACCEPT_BOTH)
                .header("MCP-Protocol-Version", MODERN)
                .header("Mcp-Method", "subscriptions/listen")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Json.text(Json.object()
                        .put("jsonrpc", "2.0")
                        .put("id", "listen-7")
                        .put("method", "subscriptions/listen")
                        .set("params", params))))
                .build();
        var client = java.net.http.HttpClient.newHttpClient();
        HttpResponse<java.util.stream.Stream<String>> stream =
                client.send(request, HttpResponse.BodyHandlers.ofLines());
        try (var lines = stream.body()) {
            List<JsonNode> messages = new ArrayList<>();
            var iterator = lines.iterator();
            Thread.ofVirtual().start(() -> {
                org.awaitility.Awaitility.await()
                        .atMost(java.time.Duration.ofSeconds(30))
                        .until(() -> !messages.isEmpty());
                TestHub.serverCommand(hub, "stop", "everything");
            });
            while (messages.size() < 2 && iterator.hasNext()) {
                String line = iterator.next();
                if (line.startsWith("data: ")) {
                    messages.add(Json.parse(line.substring(6)));
                }
            }
            assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            assertThat(messages.get(0).path("method").asString()).isEqualTo("notifications/subscriptions/acknowledged");
            assertThat(messages.get(0)
                            .at("/params/notifications/promptsListChanged")
                            .asBoolean())
                    .isTrue();
            assertThat(messages.get(1).path("method").asString()).isEqualTo("notifications/prompts/list_changed");
            for (JsonNode message : messages) {
                assertThat(message.at("/params/_meta/io.modelcontextprotocol~1subscriptionId")
                                .asString())
                        .isEqualTo("listen-7");
            }
        } finally {
            TestHub.serverCommand(hub, "start", "everything");
            TestHub.awaitStatus(hub, List.of("everything"), "connected");
        }
    }

    @Test
    void requestsThatBreakTheEraRulesGetTheErasErrorCodesAndStatuses() {
        HttpResponse<String> noMeta = new RawMcp(hub.url("/mcp"))
                .post(body("server/discover", Json.object()), headers("server/discover", null));
        assertError(noMeta, 400, -32602);

        ObjectNode future = envelope(Json.object());
        ((ObjectNode) future.get("_meta")).put(Eras.VERSION_KEY, "2099-01-01");
        HttpResponse<String> unsupported = new RawMcp(hub.url("/mcp"))
                .post(
                        body("server/discover", future),
                        Map.of("MCP-Protocol-Version", "2099-01-01", "Mcp-Method", "server/discover"));
        JsonNode error = assertError(unsupported, 400, -32022);
        assertThat(error.at("/data/requested").asString()).isEqualTo("2099-01-01");
        assertThat(Json.elements(error.at("/data/supported")).stream().map(JsonNode::asString))
                .contains(MODERN);

        HttpResponse<String> otherVersion =
                new RawMcp(hub.url("/mcp")).post(body("server/discover", future), headers("server/discover", null));
        assertError(otherVersion, 400, -32020);

        HttpResponse<String> noName = post("tools/call", callParams("everything__echo", null), Map.of("Mcp-Name", ""));
        assertThat(noName.statusCode()).isEqualTo(400);
        HttpResponse<String> wrongName =
                post("tools/call", callParams("everything__echo", "x"), Map.of("Mcp-Name", "everything__get-sum"));
        assertError(wrongName, 400, -32020);
        String encoded = "=?base64?"
                + Base64.getEncoder().encodeToString("everything__echo".getBytes(StandardCharsets.UTF_8)) + "?=";
        HttpResponse<String> base64Name =
                post("tools/call", callParams("everything__echo", "b64"), Map.of("Mcp-Name", encoded));
        assertThat(base64Name.statusCode()).isEqualTo(200);

        for (String removed : List.of("ping", "logging/setLevel", "resources/subscribe", "initialize")) {
            HttpResponse<String> gone =
                    new RawMcp(hub.url("/mcp")).post(body(removed, envelope(Json.object())), headers(removed, null));
            assertError(gone, 404, -32601);
        }

        HttpResponse<String> modernInitialize = new RawMcp(hub.url("/mcp"))
                .post(
                        body("initialize", Json.object().put("protocolVersion", "2025-11-25")),
                        headers("initialize", null));
        assertError(modernInitialize, 400, -32020);
        assertThat(RawMcp.open(hub.url("/mcp")).sessionId()).isNotEmpty();
    }

    @Test
    void theSingleServerEndpointServesTheServerAsItIsToModernClients() {
        RawMcp single = new RawMcp(hub.url("/servers/memory/mcp"));
        JsonNode discover = RawMcp.messages(
                        single.post(body("server/discover", envelope(Json.object())), headers("server/discover", null)))
                .getLast()
                .path("result");
        assertThat(discover.path("capabilities").has("tools")).isTrue();
        assertThat(discover.path("capabilities").has("prompts")).isFalse();

        JsonNode tools = RawMcp.messages(
                        single.post(body("tools/list", envelope(Json.object())), headers("tools/list", null)))
                .getLast()
                .path("result");
        assertThat(Json.elements(tools.path("tools")).stream()
                        .map(tool -> tool.path("name").asString()))
                .contains("read_graph")
                .noneMatch(name -> name.contains("__"));

        HttpResponse<String> prompts =
                single.post(body("prompts/list", envelope(Json.object())), headers("prompts/list", null));
        assertError(prompts, 404, -32601);
    }

    // --- raw modern requests -----------------------------------------------------------------------------

    private static ObjectNode envelope(ObjectNode params) {
        ObjectNode meta = params.putObject("_meta");
        meta.put(Eras.VERSION_KEY, MODERN);
        meta.putObject(Eras.CAPABILITIES_KEY);
        meta.putObject(Eras.CLIENT_INFO_KEY).put("name", "raw-modern-it").put("version", "1.0.0");
        return params;
    }

    private static ObjectNode callParams(String tool, String message) {
        ObjectNode params = Json.object().put("name", tool);
        ObjectNode arguments = params.putObject("arguments");
        if (message != null) {
            arguments.put("message", message);
        }
        return envelope(params);
    }

    private static String body(String method, ObjectNode params) {
        return Json.text(Json.object()
                .put("jsonrpc", "2.0")
                .put("id", 41)
                .put("method", method)
                .set("params", params));
    }

    private static Map<String, String> headers(String method, String name) {
        Map<String, String> headers = new HashMap<>();
        headers.put("MCP-Protocol-Version", MODERN);
        headers.put("Mcp-Method", method);
        if (name != null) {
            headers.put("Mcp-Name", name);
        }
        return headers;
    }

    /** A modern request with the standard headers; {@code extra} overrides them (an empty value drops one). */
    private static HttpResponse<String> post(String method, ObjectNode params, Map<String, String> extra) {
        Map<String, String> headers = headers(method, Json.string(params, "name"));
        headers.putAll(extra);
        headers.values().removeIf(String::isEmpty);
        return new RawMcp(hub.url("/mcp")).post(body(method, params), headers);
    }

    private static JsonNode assertError(HttpResponse<String> reply, int status, int code) {
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(status);
        JsonNode message = RawMcp.messages(reply).getLast();
        assertThat(message.path("id").asInt()).isEqualTo(41);
        assertThat(message.at("/error/code").asInt()).as(reply.body()).isEqualTo(code);
        return message.path("error");
    }
}
