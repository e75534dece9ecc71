package dev.mcphub.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.HubServers;
import dev.mcphub.testing.McpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A 10 MiB tool result arrives intact over {@code /mcp} and REST, and four at once do not push the hub past
 * 512 MiB peak resident memory (VmHWM, which counts everything the process ever held, heap and all).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LargeResultIT {
    private static final int MIB = 10;
    private static final long LIMIT_KIB = 512 * 1024;

    @TempDir
    Path dir;

    @Test
    void tenMibArriveIntactOverMcpAndRestAndFourAtOnceStayUnder512MibPeakRss() throws Exception {
        String expected = FaultTools.bigText(MIB);
        try (HubProcess hub = HubProcess.builder(dir)
                .config(FaultTools.config(dir, "faults"))
                .args("--no-marketplace")
                .start()
                .awaitReady(Duration.ofSeconds(60))) {
            HubServers.awaitStatus(hub, "faults", "connected", Duration.ofSeconds(60));
            ObjectNode big = Json.object().put("mib", MIB);

            try (McpClient client = McpClient.connect(hub.url("/mcp"))) {
                JsonNode viaMcp = FaultTools.call(client, "faults__big", big);
                assertThat(viaMcp.at("/result/content/0/text").asString()).isEqualTo(expected);
            }
            JsonNode viaRest = hub.post(
                            "/api/servers/tools",
                            Json.text(Json.object()
                                    .put("server_name", "faults")
                                    .put("tool", "big")
                                    .set("arguments", big)))
                    .json();
            assertThat(viaRest.at("/result/content/0/text").asString()).isEqualTo(expected);

            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    Callable<String> call = () -> {
                        try (McpClient client = McpClient.connect(hub.url("/mcp"))) {
                            return FaultTools.call(client, "faults__big", big)
                                    .at("/result/content/0/text")
                                    .asString();
                        }
                    };
                    results.add(pool.submit(call));
                }
                for (Future<String> result : results) {
                    assertThat(result.get(2, TimeUnit.MINUTES)).isEqualTo(expected);
                }
            } finally {
                pool.shutdownNow();
            }
            long peak = FaultTools.peakRssKib(hub.pid());
            System.out.printf("LargeResultIT: hub peak RSS (VmHWM) %d MiB%n", peak / 1024);
            assertThat(peak).as("hub peak RSS in KiB").isLessThanOrEqualTo(LIMIT_KIB);
        }
    }
}
