package dev.mcphub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.HubServers;
import dev.mcphub.testing.McpClient;
import dev.mcphub.testing.RawPost;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Calls that end badly: a client that drops its HTTP request mid-call, and an upstream killed with SIGKILL
 * mid-call. The hub's call timeout is left at its default of five minutes, so an answer within the hang guards
 * below can only come from the hub noticing the fault itself, not from a timeout.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CallFaultsIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    static HubProcess hub;

    @BeforeAll
    static void startHub() throws Exception {
        hub = HubProcess.builder(dir)
                .config(FaultTools.config(dir, "faults", "victim", "held --hold-stdout"))
                .args("--no-marketplace")
                .start()
                .awaitReady(Duration.ofSeconds(60));
        HubServers.awaitStatus(hub, "faults", "connected", PATIENCE);
        HubServers.awaitStatus(hub, "victim", "connected", PATIENCE);
        HubServers.awaitStatus(hub, "held", "connected", PATIENCE);
    }

    @AfterAll
    static void stopHub() throws Exception {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aClientThatDropsItsRequestMidCallGetsTheCallCancelledUpstreamAndItsSessionStaysUsable() throws Exception {
        try (McpClient client = McpClient.connect(hub.url("/mcp"))) {
            int started = FaultTools.hangsStarted(hub, "faults");
            int cancelled = FaultTools.cancellations(hub, "faults");
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), hub.port())) {
                socket.setSoTimeout((int) PATIENCE.toMillis());
                RawPost.toolCall(
                        socket, hub.port(), client.sessionId(), FaultTools.toolCall("faults__hang", Json.object()));
                await().atMost(PATIENCE).until(() -> FaultTools.hangsStarted(hub, "faults") == started + 1);
            } // The client goes away with its call in flight.

            await().atMost(PATIENCE).until(() -> FaultTools.cancellations(hub, "faults") == cancelled + 1);
            JsonNode after = FaultTools.call(client, "faults__pid", Json.object());
            assertThat(after.at("/result/content/0/text").asString()).matches("\\d+");
        }
    }

    @Test
    void anUpstreamKilledMidCallTurnsTheCallIntoAnErrorAndReconnects() throws Exception {
        killMidCallAndReconnect("victim");
    }

    @Test
    void anUpstreamKilledMidCallIsNoticedByItsExitEvenWhileAGrandchildHoldsItsStdoutOpen() throws Exception {
        JsonNode pids = FaultTools.call(hub, "held", "pid").path("structuredContent");
        long holder = pids.path("holder").asLong();
        assertThat(ProcessHandle.of(holder)).as("the grandchild holding stdout").isPresent();
        try {
            killMidCallAndReconnect("held");
            await().atMost(PATIENCE)
                    .alias("the orphaned grandchild of the killed server, ended with its session")
                    .until(() -> ProcessHandle.of(holder).map(p -> !p.isAlive()).orElse(true));
        } finally {
            ProcessHandle.of(holder).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** SIGKILLs {@code server} while a call waits for it: the call ends in an error, the server reconnects. */
    private static void killMidCallAndReconnect(String server) throws Exception {
        long pid = HubServers.pid(hub, server);
        try (McpClient client = McpClient.connect(hub.url("/mcp"))) {
            int started = FaultTools.hangsStarted(hub, server);
            CompletableFuture<JsonNode> call = CompletableFuture.supplyAsync(() -> {
                try {
                    return FaultTools.call(client, server + "__hang", Json.object());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(PATIENCE).until(() -> FaultTools.hangsStarted(hub, server) == started + 1);

            long killed = System.nanoTime();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL
            // Hang guard only: the call's own timeout is five minutes, so an answer now means the hub saw the exit.
            JsonNode answer = call.get(10, TimeUnit.SECONDS);
            System.out.printf(
                    "CallFaultsIT: %s killed, error after %d ms%n", server, (System.nanoTime() - killed) / 1_000_000);

            assertThat(answer.at("/result/isError").asBoolean())
                    .as(answer.toString())
                    .isTrue();
            assertThat(answer.at("/result/content/0/text").asString()).contains(server);
            await().atMost(PATIENCE).untilAsserted(() -> {
                JsonNode status = HubServers.status(hub, server);
                assertThat(status.path("status").asString()).isEqualTo("connected");
                assertThat(status.path("pid").asLong()).isNotEqualTo(pid);
            });
            JsonNode again = FaultTools.call(client, server + "__pid", Json.object());
            assertThat(again.at("/result/content/0/text").asString()).isNotEqualTo(String.valueOf(pid));
        }
    }
}
