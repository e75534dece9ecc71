package dev.mcphub.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.FixtureProcess;
import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.LoopbackPort;
import java.io.IOException;
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

/**
 * The hub finds a server's era on every connection and remembers it: one URL served in turn by a stateless-only
 * 2026-07-28 server (TypeScript SDK v2, {@code legacy: "reject"}), then by a 2025-era stateful server (SDK v1) on
 * the same port, then by the 2026 server again, with a reconnect (stop and start) after each swap. After the
 * modern server, the hub opens the next connection with {@code server/discover} (the remembered era), and follows
 * the downgrade to {@code initialize} when that fails; after the legacy one it starts with {@code initialize}
 * again and follows the upgrade.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class UpstreamEraIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final String LEGACY = "(a 2025-era request)";

    @TempDir
    Path dir;

    private final List<FixtureProcess> servers = new ArrayList<>();
    private HubProcess hub;

    @AfterEach
    void stop() {
        TestHub.closeQuietly(hub);
        servers.forEach(FixtureProcess::close);
    }

    @Test
    void aServerUpgradedOrDowngradedBehindOneUrlIsFollowedAtTheNextConnection() throws Exception {
        int port = LoopbackPort.free();
        FixtureProcess modern = startModern(port);
        hub = TestHub.with("eras", Json.object().put("url", "http://127.0.0.1:" + port + "/mcp"))
                .start(dir);
        awaitServer("v2-stateless-fixture");
        assertThat(call("greet", Json.object().put("name", "Ada"))).isEqualTo("Hello, Ada! (v2 stateless)");

        modern.close();
        FixtureProcess legacy = startLegacy(port);
        reconnect();
        awaitServer("remote-fixture");
        assertThat(call("echo", Json.object().put("text", "hi"))).isEqualTo("echo: hi");
        // The old connection's listen stream, opened again after the modern server went away, may reach the
        // legacy server before the reconnect: it belongs to the previous connection, not to this probe.
        List<String> methods = postedMethods(legacy).stream()
                .filter(method -> !method.equals("subscriptions/listen"))
                .toList();
        assertThat(methods)
                .as("the remembered era is probed first, then the downgrade is followed")
                .startsWith("server/discover", LEGACY);

        legacy.close();
        startModern(port);
        reconnect();
        awaitServer("v2-stateless-fixture");
        assertThat(call("greet", Json.object().put("name", "Bo"))).isEqualTo("Hello, Bo! (v2 stateless)");
    }

    /** A reconnect as a user asks for one: the server's era is what the hub remembers from the last connection. */
    private void reconnect() {
        TestHub.serverCommand(hub, "stop", "eras");
        TestHub.serverCommand(hub, "start", "eras");
    }

    private FixtureProcess startModern(int port) {
        FixtureProcess server = FixtureProcess.start(
                "v2-stateless",
                List.of(
                        "node",
                        Fixtures.dir().resolve("servers/v2-stateless.mjs").toString(),
                        "--port",
                        String.valueOf(port),
                        "--legacy",
                        "reject"));
        servers.add(server);
        assertThat(server.nextLine(START))
                .hasValueSatisfying(line -> assertThat(line).startsWith("listening "));
        return server;
    }

    private FixtureProcess startLegacy(int port) {
        FixtureProcess server = FixtureProcess.start(
                "remote-v1",
                List.of(
                        "node",
                        Fixtures.dir().resolve("servers/remote-server.mjs").toString(),
                        "--port",
                        String.valueOf(port),
                        "--transport",
                        "http"));
        servers.add(server);
        assertThat(server.nextLine(START))
                .hasValueSatisfying(line -> assertThat(line).contains("listening"));
        return server;
    }

    private void awaitServer(String serverInfoName) {
        await().atMost(START).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode status = Json.elements(hub.get("/api/servers").json().path("servers")).stream()
                    .filter(s -> s.path("name").asString().equals("eras"))
                    .findFirst()
                    .orElse(Json.object());
            return "connected".equals(status.path("status").asString())
                    && serverInfoName.equals(status.at("/serverInfo/name").asString(""));
        });
    }

    private String call(String tool, JsonNode arguments) throws IOException, InterruptedException {
        HubProcess.Reply reply = hub.post(
                "/api/servers/tools",
                Json.text(Json.object()
                        .put("server_name", "eras")
                        .put("tool", tool)
                        .set("arguments", arguments)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().at("/result/content/0/text").asString();
    }

    /** The Mcp-Method header of each POST the legacy server printed; a 2025-era request carries none. */
    private static List<String> postedMethods(FixtureProcess server) {
        List<String> methods = new ArrayList<>();
        Optional<String> line;
        while ((line = nextLine(server)).isPresent()) {
            JsonNode request = Json.parse(line.get()).path("request");
            if (request.path("method").asString("").equals("POST")) {
                JsonNode method = request.path("headers").path("mcp-method");
                methods.add(method.isMissingNode() ? LEGACY : method.asString());
            }
        }
        return methods;
    }

    /** The next line the server printed, or none when it printed nothing more within a short while. */
    private static Optional<String> nextLine(FixtureProcess server) {
        try {
            return server.nextLine(Duration.ofMillis(500));
        } catch (IllegalStateException quiet) {
            return Optional.empty();
        }
    }
}
