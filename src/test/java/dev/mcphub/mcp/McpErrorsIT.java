package dev.mcphub.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mcphub.json.Json;
import dev.mcphub.mcp.TsClient.Transport;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The answers of the MCP endpoint when something is wrong: unknown names, servers that are down or crash, calls
 * that time out, broken JSON-RPC, wrong content types, unknown or missing sessions, big bodies, foreign origins and
 * hosts. Upstreams: fault servers (one slow, one spare to stop, one that crashes on its first call, one that never
 * starts). The hub's call timeout is 1.5 s here.
 */
class McpErrorsIT {
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(1500);

    private static RawMcp raw;

    @RegisterExtension
    static final TestHub hub = TestHub.with("fault", Upstreams.fault("--slow-tool-ms", "10000", "--prompts", "1"))
            .and("spare", Upstreams.fault("--prompts", "1", "--resources", "1"))
            .and("crashy", Upstreams.fault("--crash-after-calls", "0"))
            .failing("broken", Upstreams.fault("--exit-during-initialize", "3"))
            .callTimeout(CALL_TIMEOUT)
            .debugLog();

    @BeforeAll
    static void openSession() throws Exception {
        raw = RawMcp.open(hub.url("/mcp"));
    }

    @Test
    void unknownToolsPromptsAndResourcesAreInvalidParamsNamingThem() {
        assertError(raw.request("tools/call", Json.object().put("name", "fault__no_such_tool")), -32602)
                .contains("fault__no_such_tool");
        assertError(raw.request("tools/call", Json.object().put("name", "no_prefix")), -32602)
                .contains("no_prefix");
        assertError(raw.request("prompts/get", Json.object().put("name", "fault__no_such_prompt")), -32602)
                .contains("fault__no_such_prompt");
        assertError(raw.request("resources/read", Json.object().put("uri", "nobody__file:///x")), -32602)
                .contains("nobody__file:///x");
        // A URI of a known server goes there (a template may make it); the server's own error comes back.
        assertError(raw.request("resources/read", Json.object().put("uri", "fault__fault://resource/99")), -32002)
                .contains("fault://resource/99");

        RawMcp single = RawMcp.open(hub.url("/servers/fault/mcp"));
        assertError(single.request("tools/call", Json.object().put("name", "no_such_tool")), -32602)
                .contains("no_such_tool");

        List<JsonNode> lines = TsClient.run(
                hub.url("/mcp"), Transport.HTTP, List.of(TsClient.call("unknown", "fault__nothing", Json.object())));
        JsonNode unknown = TsClient.outcome(lines, "unknown");
        assertThat(unknown.path("code").asInt()).as(unknown.toString()).isEqualTo(-32602);
        assertThat(unknown.path("message").asString()).contains("fault__nothing");

        McpSyncClient java = JavaClients.streamable(hub.url(""), "/mcp", spec -> spec);
        try {
            assertThatThrownBy(() -> java.callTool(
                            CallToolRequest.builder("spare__nothing").build()))
                    .isInstanceOfSatisfying(
                            McpError.class,
                            e -> assertThat(e.getJsonRpcError().code()).isEqualTo(-32602))
                    .hasMessageContaining("spare__nothing");
        } finally {
            java.closeGracefully();
        }
    }

    @Test
    void aToolOfAServerThatIsDownIsAToolErrorNamingTheServer() {
        JsonNode broken = raw.callTool("broken__echo", Json.object());
        assertThat(broken.path("isError").asBoolean()).as(broken.toString()).isTrue();
        assertThat(broken.at("/content/0/text").asString()).contains("'broken'", "unavailable");

        TestHub.serverCommand(hub.process(), "stop", "spare");
        try {
            JsonNode stopped = raw.callTool("spare__echo", Json.object().put("message", "x"));
            assertThat(stopped.path("isError").asBoolean())
                    .as(stopped.toString())
                    .isTrue();
            assertThat(stopped.at("/content/0/text").asString()).contains("'spare'", "unavailable");
            assertError(raw.request("prompts/get", Json.object().put("name", "spare__prompt_0")), -32000)
                    .contains("'spare'", "unavailable");
            assertError(raw.request("resources/read", Json.object().put("uri", "spare__fault://resource/0")), -32000)
                    .contains("'spare'", "not connected");
        } finally {
            TestHub.serverCommand(hub.process(), "start", "spare");
        }
        assertThat(raw.callTool("spare__echo", Json.object().put("message", "back"))
                        .at("/content/0/text")
                        .asString())
                .isEqualTo("back");
    }

    @Test
    void aServerThatDiesDuringACallGivesAToolErrorNamingItAndSessionsHearItsToolsWentAndCameBack() {
        try (TsClient watcher = TsClient.start("session", hub.url("/mcp"), Transport.HTTP)) {
            watcher.send(TsClient.step("ready", "ping", null));
            watcher.outcome("ready");

            JsonNode crashed = raw.callTool("crashy__echo", Json.object().put("message", "x"));

            assertThat(crashed.path("isError").asBoolean())
                    .as(crashed.toString())
                    .isTrue();
            assertThat(crashed.at("/content/0/text").asString()).contains("'crashy'");
            // Gone, then back: the hub restarts a server that exited.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> TsClient.ofType(watcher.lines(), "notification").stream()
                                    .filter(line ->
                                            line.path("method").asString().equals("notifications/tools/list_changed"))
                                    .count()
                            >= 2);
            TestHub.awaitStatus(hub.process(), List.of("crashy"), "connected");
            watcher.finish();
        }
    }

    @Test
    void aCallTheServerDoesNotAnswerInTimeFailsAfterTheTimeoutAndIsCancelledThere() {
        long cancelledBefore = cancellations();
        long start = System.nanoTime();

        JsonNode response = raw.request(
                "tools/call",
                Json.object()
                        .put("name", "fault__slow")
                        .set("arguments", Json.object().put("ms", 8000)));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertError(response, -32001).contains("'fault'", "tools/call", "1500 ms");
        // Not before the timeout; and the error (not the result the server sends after 8 s) shows it did not wait.
        assertThat(took).isGreaterThanOrEqualTo(CALL_TIMEOUT);
        await().atMost(Duration.ofSeconds(5)).until(() -> cancellations() > cancelledBefore);
    }

    @Test
    void brokenMessagesGetTheJsonRpcErrorsOfTheSpec() {
        HttpResponse<String> notJson = raw.post("{not json", Map.of());
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(code(notJson)).isEqualTo(-32700);

        HttpResponse<String> notJsonRpc = raw.post("{\"hello\": 1}", Map.of());
        assertThat(notJsonRpc.statusCode()).isEqualTo(400);
        assertThat(code(notJsonRpc)).isEqualTo(-32600);

        HttpResponse<String> emptyBatch = raw.post("[]", Map.of());
        assertThat(emptyBatch.statusCode()).isEqualTo(400);
        assertThat(code(emptyBatch)).isEqualTo(-32600);

        assertError(raw.request("no/such/method", Json.object()), -32601).contains("no/such/method");
    }

    @Test
    void wrongContentTypesSessionsAndSizesGetTheHttpStatusOfTheSpec() {
        String ping = raw.requestBody("ping", null);
        assertThat(raw.post(ping, Map.of("Content-Type", "text/plain")).statusCode())
                .isEqualTo(415);
        assertThat(raw.post(ping, Map.of("Accept", "text/html")).statusCode()).isEqualTo(406);
        assertThat(raw.post(ping, Map.of(StreamableHttp.SESSION_HEADER, "no-such-session"))
                        .statusCode())
                .isEqualTo(404);
        assertThat(new RawMcp(hub.url("/mcp")).post(ping, Map.of()).statusCode())
                .as("no session")
                .isEqualTo(400);
        assertThat(raw.post(ping, Map.of(StreamableHttp.VERSION_HEADER, "1999-01-01"))
                        .statusCode())
                .isEqualTo(400);
        String huge = raw.requestBody("ping", Json.object().put("padding", "x".repeat(5 * 1024 * 1024)));
        assertThat(raw.post(huge, Map.of()).statusCode()).isEqualTo(413);
        assertThat(RawMcp.send(HttpRequest.newBuilder(URI.create(hub.url("/mcp")))
                                .method("PUT", HttpRequest.BodyPublishers.ofString(ping)))
                        .statusCode())
                .isEqualTo(405);
    }

    @Test
    void aRefusalSentBeforeTheBodyWasReadLeavesThePooledConnectionUsable() {
        // The refusal goes out before the handler reads the body; if the hub then closed the connection unannounced,
        // the next request on it would fail with "no bytes" (a couple in a thousand did, on loopback).
        String ping = raw.requestBody("ping", null);
        for (int i = 0; i < 500; i++) {
            assertThat(raw.post(ping, Map.of("Content-Type", "text/plain")).statusCode())
                    .isEqualTo(415);
            assertThat(raw.post(ping, Map.of()).statusCode())
                    .as("request %d after a refusal", i)
                    .isEqualTo(200);
        }
    }

    @Test
    void eachSupportedProtocolVersionIsNegotiatedAndAnUnknownOneGetsTheNewest() {
        for (String version : List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05", "2099-01-01")) {
            RawMcp client = new RawMcp(hub.url("/mcp"));
            HttpResponse<String> reply = client.post(
                    client.requestBody(
                            "initialize",
                            Json.object().put("protocolVersion", version).set("capabilities", Json.object())),
                    Map.of());
            String expected = version.equals("2099-01-01") ? "2025-11-25" : version;
            assertThat(Json.parse(reply.body()).at("/result/protocolVersion").asString())
                    .as(version)
                    .isEqualTo(expected);
        }
        String initialize = raw.requestBody("initialize", Json.object().put("protocolVersion", "2025-11-25"));
        assertThat(raw.post(initialize, Map.of()).statusCode())
                .as("initialize within a session")
                .isEqualTo(400);
    }

    @Test
    void deleteEndsTheSession() {
        RawMcp session = RawMcp.open(hub.url("/mcp"));
        assertThat(session.result("ping", null)).isNotNull();

        assertThat(session.delete().statusCode()).isEqualTo(200);

        assertThat(session.post(session.requestBody("ping", null), Map.of()).statusCode())
                .isEqualTo(404);
        assertThat(session.delete().statusCode()).isEqualTo(404);
    }

    @Test
    void aSessionBelongsToTheEndpointThatOpenedIt() {
        RawMcp single = RawMcp.open(hub.url("/servers/fault/mcp"));
        String ping = single.requestBody("ping", null);

        assertThat(single.post(ping, Map.of()).statusCode()).isEqualTo(200);
        assertThat(new RawMcp(hub.url("/mcp"))
                        .post(ping, Map.of(StreamableHttp.SESSION_HEADER, single.sessionId()))
                        .statusCode())
                .isEqualTo(404);
        assertThat(new RawMcp(hub.url("/servers/spare/mcp"))
                        .post(ping, Map.of(StreamableHttp.SESSION_HEADER, single.sessionId()))
                        .statusCode())
                .isEqualTo(404);
        assertThat(RawMcp.send(HttpRequest.newBuilder(URI.create(hub.url("/mcp")))
                                .header(StreamableHttp.SESSION_HEADER, single.sessionId())
                                .DELETE())
                        .statusCode())
                .isEqualTo(404);
        assertThat(single.delete().statusCode()).isEqualTo(200);
    }

    @Test
    void aForeignOriginIsForbiddenAndLocalOriginsAreAllowed() {
        String initialize = raw.requestBody(
                "initialize", Json.object().put("protocolVersion", "2025-11-25").set("capabilities", Json.object()));

        HttpResponse<String> foreign =
                new RawMcp(hub.url("/mcp")).post(initialize, Map.of("Origin", "http://evil.example"));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("http://evil.example");
        HttpResponse<String> foreignStream = RawMcp.send(HttpRequest.newBuilder(URI.create(hub.url("/mcp")))
                .header("Accept", "text/event-stream")
                .header("Origin", "https://evil.example")
                .GET());
        assertThat(foreignStream.statusCode()).as("legacy SSE").isEqualTo(403);

        for (String local : List.of("http://localhost:5173", "http://127.0.0.1:8080", "http://[::1]:3000")) {
            HttpResponse<String> allowed = new RawMcp(hub.url("/mcp")).post(initialize, Map.of("Origin", local));
            assertThat(allowed.statusCode()).as(local).isEqualTo(200);
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
                    .contains(local);
        }
    }

    @Test
    void aForeignHostIsForbiddenSoThatDnsRebindingCannotReachTheHub() throws IOException {
        assertThat(statusWithHost("evil.example:" + hub.port())).isEqualTo(403);
        assertThat(statusWithHost("localhost:" + hub.port())).isEqualTo(200);
        assertThat(statusWithHost("127.0.0.1:" + hub.port())).isEqualTo(200);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static org.assertj.core.api.AbstractStringAssert<?> assertError(JsonNode response, int code) {
        assertThat(response.at("/error/code").asInt()).as(response.toString()).isEqualTo(code);
        return assertThat(response.at("/error/message").asString());
    }

    private static int code(HttpResponse<String> reply) {
        return Json.parse(reply.body()).at("/error/code").asInt();
    }

    private static long cancellations() {
        return hub.stderr().stream()
                .filter(line -> line.contains("fault stderr: CANCELLED"))
                .count();
    }

    /** POSTs initialize over a plain socket, since Java's HTTP client will not send a Host header of our choice. */
    private static int statusWithHost(String host) throws IOException {
        String body = raw.requestBody(
                "initialize", Json.object().put("protocolVersion", "2025-11-25").set("capabilities", Json.object()));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", hub.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /mcp HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                            + "Accept: application/json, text/event-stream\r\nContent-Length: " + bytes.length
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }
}
