package dev.mcphub.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.FixtureProcess;
import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A 2026-07-28 server's tool list changes at runtime (the TypeScript SDK v2 fixture learns a tool) and the hub's
 * catalogue follows: on the server's {@code subscriptions/listen} stream when it announces tool changes (the
 * fixture declares no ttlMs then, so nothing but the announcement can bring the change), and by listing again when
 * the list's {@code ttlMs} runs out when it does not announce them.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ModernListChangesIT {
    private static final String LISTENING = "listening ";
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

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
    void aToolLearnedAtRuntimeReachesTheCatalogueThroughTheListenStream() throws Exception {
        connect("--mutable");
        learn("wave");
        await().atMost(HANG_GUARD).pollInterval(Duration.ofMillis(200)).until(() -> tools().contains("wave"));
        assertThat(mcpTools()).contains("v2__wave");
        learn("bow");
        await().atMost(HANG_GUARD).pollInterval(Duration.ofMillis(200)).until(() -> tools().contains("bow"));
    }

    @Test
    void aServerWithoutListChangesIsListedAgainWhenItsTtlRunsOut() throws Exception {
        connect("--mutable", "--list-changed", "off", "--ttl-ms", "300");
        learn("wave");
        await().atMost(HANG_GUARD).pollInterval(Duration.ofMillis(200)).until(() -> tools().contains("wave"));
        assertThat(mcpTools()).contains("v2__wave");
    }

    private void connect(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "node", Fixtures.dir().resolve("servers/v2-stateless.mjs").toString(), "--legacy", "reject"));
        command.addAll(List.of(options));
        FixtureProcess server = FixtureProcess.start("v2-stateless", command);
        servers.add(server);
        String line = server.nextLine(Duration.ofSeconds(60)).orElseThrow();
        assertThat(line).startsWith(LISTENING);
        hub = TestHub.with(
                        "v2",
                        Json.object()
                                .put("url", line.substring(LISTENING.length()).trim()))
                .start(dir);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> tools().contains("learn"));
        assertThat(tools()).doesNotContain("wave");
    }

    private void learn(String name) throws Exception {
        HubProcess.Reply reply = hub.post(
                "/api/servers/tools",
                Json.text(Json.object()
                        .put("server_name", "v2")
                        .put("tool", "learn")
                        .set("arguments", Json.object().put("name", name))));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().at("/result/content/0/text").asString()).isEqualTo("Learned " + name);
    }

    /** The tools /api/servers lists for the server. */
    private List<String> tools() throws Exception {
        JsonNode v2 = Json.elements(hub.get("/api/servers").json().path("servers")).stream()
                .filter(s -> s.path("name").asString().equals("v2"))
                .findFirst()
                .orElse(Json.object());
        return Json.elements(v2.at("/capabilities/tools")).stream()
                .map(tool -> tool.path("name").asString())
                .toList();
    }

    /** The tools a client lists on the aggregated /mcp endpoint. */
    private List<String> mcpTools() {
        return RawMcp.open(hub.url("/mcp")).listAll("tools/list", "tools").stream()
                .map(tool -> tool.path("name").asString())
                .toList();
    }
}
