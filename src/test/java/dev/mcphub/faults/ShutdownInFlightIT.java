package dev.mcphub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.HubServers;
import dev.mcphub.testing.McpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM while calls are in flight over /mcp and REST: the hub exits 0 within 5 s and leaves no process. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ShutdownInFlightIT {
    @TempDir
    Path dir;

    @Test
    void sigtermWithCallsInFlightExitsZeroWithinFiveSecondsLeavingNoProcess() throws Exception {
        HubProcess hub = HubProcess.builder(dir)
                .config(FaultTools.config(dir, "one", "two"))
                .args("--no-marketplace")
                .start()
                .awaitReady(Duration.ofSeconds(60));
        try {
            HubServers.awaitStatus(hub, "one", "connected", Duration.ofSeconds(30));
            HubServers.awaitStatus(hub, "two", "connected", Duration.ofSeconds(30));
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            for (String server : List.of("one", "two")) {
                McpClient client = McpClient.connect(hub.url("/mcp"));
                inFlight.add(CompletableFuture.runAsync(
                        () -> quietly(() -> FaultTools.call(client, server + "__hang", Json.object()))));
                inFlight.add(CompletableFuture.runAsync(() -> quietly(() ->
                        FaultTools.call(client, server + "__slow", Json.object().put("ms", 600_000)))));
                inFlight.add(CompletableFuture.runAsync(() -> quietly(() -> hub.post(
                        "/api/servers/tools",
                        Json.text(Json.object()
                                .put("server_name", server)
                                .put("tool", "hang")
                                .set("arguments", Json.object()))))));
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> FaultTools.hangsStarted(hub, "one") == 2 && FaultTools.hangsStarted(hub, "two") == 2);
            List<ProcessHandle> started = hub.process().descendants().toList();
            assertThat(started).hasSizeGreaterThanOrEqualTo(2);

            hub.process().destroy(); // SIGTERM

            // The requirement, not a speed measurement: a supervisor waits about this long before SIGKILL.
            assertThat(hub.process().waitFor(5, TimeUnit.SECONDS))
                    .as("exited within 5 s; the hub said:%n%s", String.join("\n", hub.stderr()))
                    .isTrue();
            assertThat(hub.process().exitValue()).isZero();
            assertThat(started.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid))
                    .as("processes the hub started, still alive")
                    .isEmpty();
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            hub.close();
        }
    }

    private interface Call {
        Object run() throws Exception;
    }

    /** A call whose answer does not matter: the hub ends it, with an error or a closed connection. */
    private static void quietly(Call call) {
        try {
            call.run();
        } catch (Exception e) {
            // Expected: the hub stopped.
        }
    }
}
