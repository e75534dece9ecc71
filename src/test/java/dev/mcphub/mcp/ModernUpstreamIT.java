package dev.mcphub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.fixtures.FixtureProcess;
import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.mcp.TsClient.Transport;
import dev.mcphub.testing.HubProcess;
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

/**
 * A server that speaks only 2026-07-28 as an upstream: the official TypeScript SDK v2's {@code createMcpHandler(...,
 * {legacy: "reject"})} over HTTP refuses {@code initialize}; the hub falls forward to {@code server/discover} and
 * speaks the stateless era to it, beside a 2025-era stdio server. Clients of both eras call it through the hub.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ModernUpstreamIT {
    private static final String LISTENING = "listening ";

    @TempDir
    static Path dir;

    private static FixtureProcess server;
    private static HubProcess hub;

    @BeforeAll
    static void start() throws Exception {
        server = FixtureProcess.start(
                "v2-stateless",
                List.of(
                        "node",
                        Fixtures.dir().resolve("servers/v2-stateless.mjs").toString(),
                        "--legacy",
                        "reject"));
        String line = server.nextLine(Duration.ofSeconds(60)).orElseThrow();
        assertThat(line).startsWith(LISTENING);
        hub = TestHub.with(
                        "v2",
                        Json.object()
                                .put("url", line.substring(LISTENING.length()).trim()))
                .and("everything", Upstreams.everything())
                .start(dir);
    }

    @AfterAll
    static void stop() {
        TestHub.closeQuietly(hub);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aStatelessOnlyServerIsConnectedInItsEraAndListed() throws Exception {
        JsonNode status = hub.get("/api/servers").json().path("servers");
        JsonNode v2 = Json.elements(status).stream()
                .filter(s -> s.path("name").asString().equals("v2"))
                .findFirst()
                .orElseThrow();
        assertThat(v2.path("status").asString()).isEqualTo("connected");
        assertThat(v2.at("/serverInfo/name").asString()).isEqualTo("v2-stateless-fixture");
        assertThat(Json.elements(v2.at("/capabilities/tools")).stream()
                        .map(tool -> tool.path("name").asString()))
                .containsExactlyInAnyOrder("greet", "add", "confirm");
    }

    @Test
    void clientsOfBothErasCallTheStatelessServerAndA2025ServerThroughOneHub() {
        try (TsClient modern = TsClient.modern(hub.url("/mcp"));
                TsClient legacy = TsClient.start("session", hub.url("/mcp"), Transport.HTTP)) {
            modern.send(TsClient.call("greet", "v2__greet", Json.object().put("name", "modern")));
            modern.send(TsClient.call("echo", "everything__echo", Json.object().put("message", "m")));
            legacy.send(
                    TsClient.call("add", "v2__add", Json.object().put("a", 2).put("b", 3)));
            legacy.send(TsClient.call("echo", "everything__echo", Json.object().put("message", "l")));

            assertThat(modern.outcome("greet").at("/result/content/0/text").asString())
                    .isEqualTo("Hello, modern! (v2 stateless)");
            assertThat(modern.outcome("echo").at("/result/content/0/text").asString())
                    .isEqualTo("Echo: m");
            assertThat(legacy.outcome("add").at("/result/content/0/text").asString())
                    .isEqualTo("5");
            assertThat(legacy.outcome("echo").at("/result/content/0/text").asString())
                    .isEqualTo("Echo: l");
        }
    }

    @Test
    void aModernServersInputRequiredResultReachesClientsOfBothEras() {
        try (TsClient modern = TsClient.modern(hub.url("/mcp"), "elicitation");
                TsClient legacy = TsClient.start("session", hub.url("/mcp"), Transport.HTTP, "elicitation")) {
            modern.send(TsClient.call("confirm", "v2__confirm", Json.object().put("what", "deploy")));
            legacy.send(TsClient.call("confirm", "v2__confirm", Json.object().put("what", "release")));

            // The 2026-07-28 client gets the server's InputRequiredResult and retries by itself.
            assertThat(modern.outcome("confirm").at("/result/content/0/text").asString())
                    .isEqualTo("Confirmed deploy: true");
            assertThat(modern.awaitLine(line -> line.path("type").asString().equals("serverRequest"))
                            .at("/params/message")
                            .asString())
                    .isEqualTo("Confirm deploy?");
            // The 2025-era client is asked with an ordinary elicitation/create; the hub retries for it.
            assertThat(legacy.outcome("confirm").at("/result/content/0/text").asString())
                    .isEqualTo("Confirmed release: true");
            assertThat(legacy.awaitLine(line -> line.path("type").asString().equals("serverRequest"))
                            .at("/params/message")
                            .asString())
                    .isEqualTo("Confirm release?");
        }
    }

    @Test
    void a2025ClientThatCannotElicitIsRefusedForTheFeatureItLacks() {
        // The hub's request declares only the capabilities of the client it calls for, so the 2026-era server
        // knows that this client cannot answer an elicitation and refuses the call itself.
        try (TsClient legacy = TsClient.start("session", hub.url("/mcp"), Transport.HTTP)) {
            legacy.send(TsClient.call("confirm", "v2__confirm", Json.object().put("what", "nothing")));
            JsonNode refused = legacy.outcome("confirm");
            boolean error = refused.path("type").asString().equals("error");
            assertThat(error || refused.at("/result/isError").asBoolean())
                    .as(refused.toString())
                    .isTrue();
            String said = error
                    ? refused.path("message").asString()
                    : refused.at("/result/content/0/text").asString();
            assertThat(said).as(refused.toString()).containsIgnoringCase("elicitation");
        }
    }

    @Test
    void theRestApiCallsTheStatelessServerToo() throws Exception {
        HubProcess.Reply reply = hub.post(
                "/api/servers/tools",
                Json.text(Json.object()
                        .put("server_name", "v2")
                        .put("tool", "greet")
                        .set("arguments", Json.object().put("name", "rest"))));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().at("/result/content/0/text").asString()).isEqualTo("Hello, rest! (v2 stateless)");
    }
}
