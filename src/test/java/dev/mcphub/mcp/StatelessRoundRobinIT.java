package dev.mcphub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * 2026-07-28 requests need no stickiness: a modern client (the official v2 client) works through a per-request
 * round-robin over two hub processes that share nothing but their config, each request landing on either.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StatelessRoundRobinIT {
    @TempDir
    Path dir;

    @Test
    void aModernClientWorksThroughARoundRobinOfTwoHubsWithoutSharedState() throws Exception {
        HubProcess first = null;
        HubProcess second = null;
        try {
            first = TestHub.with("everything", Upstreams.everything()).start(Files.createDirectory(dir.resolve("a")));
            second = TestHub.with("everything", Upstreams.everything()).start(Files.createDirectory(dir.resolve("b")));
            try (RoundRobinProxy proxy = new RoundRobinProxy(List.of(first.url(""), second.url("")));
                    TsClient client = TsClient.modern(proxy.url("/mcp"))) {
                client.send(TsClient.step("tools", "listTools", null));
                for (int i = 0; i < 4; i++) {
                    client.send(TsClient.call(
                            "echo" + i, "everything__echo", Json.object().put("message", "n" + i)));
                }
                client.send(TsClient.step(
                        "read",
                        "readResource",
                        Json.object().put("uri", "everything__demo://resource/static/document/architecture.md")));
                client.send(
                        TsClient.step("prompt", "getPrompt", Json.object().put("name", "everything__simple-prompt")));
                List<JsonNode> lines = client.finish();

                assertThat(TsClient.ofType(lines, "error")).isEmpty();
                assertThat(TsClient.outcome(lines, "tools").at("/result/tools").size())
                        .isPositive();
                for (int i = 0; i < 4; i++) {
                    assertThat(TsClient.outcome(lines, "echo" + i)
                                    .at("/result/content/0/text")
                                    .asString())
                            .isEqualTo("Echo: n" + i);
                }
                assertThat(TsClient.outcome(lines, "read").path("type").asString())
                        .isEqualTo("result");
                assertThat(TsClient.outcome(lines, "prompt").path("type").asString())
                        .isEqualTo("result");
                assertThat(proxy.served(0))
                        .as("requests the first hub answered")
                        .isGreaterThanOrEqualTo(3);
                assertThat(proxy.served(1))
                        .as("requests the second hub answered")
                        .isGreaterThanOrEqualTo(3);
            }
        } finally {
            TestHub.closeQuietly(first);
            TestHub.closeQuietly(second);
        }
    }
}
