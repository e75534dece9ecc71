package dev.mcphub.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.FixtureProcess;
import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.HubServers;
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
 * Remote upstreams ({@code url} entries) against a real server built on the TypeScript SDK ({@code
 * test-fixtures/servers/remote-server.mjs}), which records every HTTP request it receives: configured headers reach
 * it on every request, over Streamable HTTP and after the fallback to legacy SSE, and a server that is killed and
 * started again on the same port is reconnected by the hub on its own.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RemoteUpstreamIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SECRET = "compat-secret-4711";

    @TempDir
    Path dir;

    private final List<FixtureProcess> servers = new ArrayList<>();
    private HubProcess hub;

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (hub != null) {
            hub.close();
        }
        servers.forEach(FixtureProcess::close);
    }

    @Test
    void configuredHeadersReachAStreamableHttpServerOnEveryRequest() throws Exception {
        int port = LoopbackPort.free();
        FixtureProcess server = startServer(port, "http");
        startHub(remote("http://127.0.0.1:" + port + "/mcp"));

        JsonNode seen = Json.parse(call("headers", Json.object()));
        assertThat(seen.path("x-api-key").asString()).isEqualTo(SECRET);
        assertThat(seen.path("authorization").asString()).isEqualTo("Bearer " + SECRET);
        List<JsonNode> requests = requests(server);
        assertThat(requests).isNotEmpty();
        assertThat(requests)
                .allSatisfy(
                        request -> assertThat(request.at("/headers/x-api-key").asString())
                                .as("%s", request)
                                .isEqualTo(SECRET));
        assertThat(hub.get("/api/servers").body())
                .as("the status never shows a header's secret")
                .doesNotContain(SECRET);
    }

    @Test
    void aServerThatSpeaksOnlyLegacySseIsReachedByTheFallbackWithItsHeaders() throws Exception {
        int port = LoopbackPort.free();
        FixtureProcess server = startServer(port, "sse");
        startHub(remote("http://127.0.0.1:" + port + "/sse"));

        assertThat(call("echo", Json.object().put("text", "over sse"))).isEqualTo("echo: over sse");
        List<JsonNode> requests = requests(server);
        assertThat(requests)
                .as("the SSE stream and the messages were both used")
                .anySatisfy(
                        request -> assertThat(request.path("method").asString()).isEqualTo("GET"))
                .anySatisfy(
                        request -> assertThat(request.path("path").asString()).isEqualTo("/messages"));
        assertThat(requests)
                .allSatisfy(
                        request -> assertThat(request.at("/headers/x-api-key").asString())
                                .as("%s", request)
                                .isEqualTo(SECRET));
    }

    @Test
    void aServerThatIsKilledAndStartedAgainOnTheSamePortIsReconnectedByItself() throws Exception {
        int port = LoopbackPort.free();
        FixtureProcess first = startServer(port, "http");
        startHub(remote("http://127.0.0.1:" + port + "/mcp"));
        assertThat(call("echo", Json.object().put("text", "before"))).isEqualTo("echo: before");

        first.process().destroyForcibly();
        first.waitForExit(WAIT);
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !"connected".equals(status().path("status").asString()));

        startServer(port, "http");
        HubServers.awaitStatus(hub, "remote", "connected", WAIT);
        assertThat(call("echo", Json.object().put("text", "after"))).isEqualTo("echo: after");
    }

    private JsonNode status() throws Exception {
        return HubServers.status(hub, "remote");
    }

    private static ObjectNode remote(String url) {
        ObjectNode entry = Json.object().put("url", url);
        entry.putObject("headers").put("X-Api-Key", SECRET).put("Authorization", "Bearer " + SECRET);
        return entry;
    }

    private void startHub(ObjectNode entry) throws Exception {
        ObjectNode config = Json.object();
        config.putObject("mcpServers").set("remote", entry);
        Path file = Files.writeString(dir.resolve("servers.json"), Json.text(config));
        hub = HubProcess.builder(dir).config(file).args("--no-marketplace").start();
        hub.awaitReady(WAIT);
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(status().path("status").asString())
                        .as("%s", status())
                        .isEqualTo("connected"));
    }

    /** Starts the fixture on {@code port} and waits until it listens. */
    private FixtureProcess startServer(int port, String transport) {
        FixtureProcess server = FixtureProcess.start(
                "remote-" + transport,
                List.of(
                        "node",
                        Fixtures.dir().resolve("servers/remote-server.mjs").toString(),
                        "--port",
                        Integer.toString(port),
                        "--transport",
                        transport));
        servers.add(server);
        String first = server.nextLine(WAIT).orElseThrow(() -> new IllegalStateException("the server exited"));
        assertThat(Json.parse(first).path("listening").asInt()).isEqualTo(port);
        return server;
    }

    /** The HTTP requests the server has printed so far. */
    private static List<JsonNode> requests(FixtureProcess server) {
        List<JsonNode> requests = new ArrayList<>();
        while (true) {
            Optional<String> line;
            try {
                line = server.nextLine(Duration.ofMillis(200));
            } catch (IllegalStateException noMoreForNow) {
                return requests;
            }
            if (line.isEmpty()) {
                return requests;
            }
            requests.add(Json.parse(line.get()).path("request"));
        }
    }

    /** A tool call through REST; the text of its first content item. */
    private String call(String tool, ObjectNode arguments) throws Exception {
        ObjectNode body = Json.object().put("server_name", "remote").put("tool", tool);
        body.set("arguments", arguments);
        HubProcess.Reply reply = hub.post("/api/servers/tools", Json.text(body));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().at("/result/content/0/text").asString();
    }
}
