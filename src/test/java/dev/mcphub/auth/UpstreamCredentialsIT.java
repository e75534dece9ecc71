package dev.mcphub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.fixtures.FixtureProcess;
import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.LoopbackPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The caller's credential stays at the hub's door: an HTTP upstream (test-fixtures/servers/remote-server.mjs,
 * which prints the headers of every request it receives) never sees the API key a client used on REST or on
 * {@code /mcp}, in any header; it sees only what its own config entry gives it.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class UpstreamCredentialsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private FixtureProcess upstream;
    private HubProcess hub;

    @AfterEach
    void stop() throws InterruptedException {
        if (hub != null) {
            hub.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void aClientsApiKeyNeverReachesAnUpstreamServer() throws Exception {
        int port = LoopbackPort.free();
        upstream = FixtureProcess.start(
                "remote-http",
                List.of(
                        "node",
                        Fixtures.dir().resolve("servers/remote-server.mjs").toString(),
                        "--port",
                        Integer.toString(port)));
        assertThat(Json.parse(upstream.nextLine(WAIT).orElseThrow())
                        .path("listening")
                        .asInt())
                .isEqualTo(port);
        Path home = Files.createDirectories(dir.resolve("home"));
        String key = KeysCli.create(home, "caller", "--scope", "call");
        ObjectNode config = Json.object();
        config.putObject("mcpServers").putObject("remote").put("url", "http://127.0.0.1:" + port + "/mcp");
        Path file = Files.writeString(dir.resolve("servers.json"), Json.text(config));
        hub = HubProcess.builder(dir)
                .home(home)
                .config(file)
                .args("--no-marketplace")
                .start();
        Authed caller = new Authed(hub, key).awaitReady(WAIT);
        org.awaitility.Awaitility.await()
                .atMost(WAIT)
                .until(() -> caller.get("/api/servers").body().contains("\"connected\""));

        HubProcess.Reply rest =
                caller.post("/api/servers/tools", "{\"server_name\":\"remote\",\"tool\":\"headers\",\"arguments\":{}}");
        assertThat(rest.status()).as(rest.body()).isEqualTo(200);
        JsonNode seenByRest =
                Json.parse(rest.json().at("/result/content/0/text").asString());

        String session = caller.initialize("/mcp");
        HubProcess.Reply mcp = caller.mcp(
                "/mcp",
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"remote__headers\","
                        + "\"arguments\":{}}}");
        assertThat(mcp.status()).as(mcp.body()).isEqualTo(200);
        assertThat(mcp.body()).contains("host");

        String secret = key.substring("mcphub_".length());
        assertThat(seenByRest.toString()).contains("host").doesNotContain(secret);
        assertThat(seenByRest.has("authorization")).isFalse();
        assertThat(mcp.body()).doesNotContain(secret).doesNotContainIgnoringCase("authorization");
        List<JsonNode> requests = requests();
        assertThat(requests).as("the upstream printed the requests it got").isNotEmpty();
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.toString()).as("%s", request).doesNotContain(secret);
            assertThat(request.path("headers").has("authorization"))
                    .as("%s", request)
                    .isFalse();
        });
    }

    private List<JsonNode> requests() {
        List<JsonNode> requests = new ArrayList<>();
        while (true) {
            Optional<String> line;
            try {
                line = upstream.nextLine(Duration.ofMillis(300));
            } catch (IllegalStateException noMoreForNow) {
                return requests;
            }
            if (line.isEmpty()) {
                return requests;
            }
            JsonNode request = Json.parse(line.get()).path("request");
            if (!request.isMissingNode()) {
                requests.add(request);
            }
        }
    }
}
