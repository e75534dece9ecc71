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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A thousand Streamable HTTP sessions opened and left idle, each of which can still call a tool afterwards. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class IdleSessionsIT {
    private static final int SESSIONS = 1_000;

    @TempDir
    Path dir;

    @Test
    void aThousandIdleSessionsEachStillCall() throws Exception {
        try (HubProcess hub = HubProcess.builder(dir)
                .config(FaultTools.config(dir, "faults"))
                .args("--no-marketplace")
                .start()
                .awaitReady(Duration.ofSeconds(60))) {
            HubServers.awaitStatus(hub, "faults", "connected", Duration.ofSeconds(30));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<McpClient> sessions = new ArrayList<>();
            try {
                List<Future<McpClient>> opening = new ArrayList<>();
                for (int i = 0; i < SESSIONS; i++) {
                    opening.add(pool.submit(() -> McpClient.connect(hub.url("/mcp"))));
                }
                for (Future<McpClient> session : opening) {
                    sessions.add(session.get(1, TimeUnit.MINUTES));
                }
                assertThat(sessions.stream().map(McpClient::sessionId).distinct())
                        .hasSize(SESSIONS);

                List<Future<String>> calls = new ArrayList<>();
                for (McpClient session : sessions) {
                    calls.add(pool.submit(() -> FaultTools.call(session, "faults__pid", Json.object())
                            .at("/result/content/0/text")
                            .asString()));
                }
                for (Future<String> call : calls) {
                    assertThat(call.get(1, TimeUnit.MINUTES)).matches("\\d+");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
