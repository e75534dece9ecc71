package dev.mcphub.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.json.Json;
import dev.mcphub.mcp.TsClient.Transport;
import dev.mcphub.testing.SseReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Many calls at once and clients that go away: 500 calls through the hub are in progress at the server together,
 * idle sessions and
 * open streams hold no threads, and a client that vanishes mid-call leaves no call running upstream and (over the
 * legacy transport, where the stream is the session) no session behind.
 */
class McpConcurrencyIT {
    private static final int CALLS = 500;
    private static final Duration SLOW_CALL = Duration.ofSeconds(2);

    @RegisterExtension
    static final TestHub hub = TestHub.with(
                    "slow",
                    Upstreams.fault(
                            "--slow-tool-ms", String.valueOf(SLOW_CALL.toMillis()), "--gather", String.valueOf(CALLS)))
            .debugLog();

    /**
     * The server answers {@code gather} only once all 500 calls are in progress at once (or, after a minute in
     * vain, with an error saying how many came): so every call succeeding shows that the hub runs them side by
     * side, with no pool or queue in between, and no clock is read.
     */
    @Test
    void fiveHundredCallsThroughTheHubAreAllInProgressAtTheServerTogether() throws Exception {
        RawMcp session = RawMcp.open(hub.url("/mcp"));

        List<Future<JsonNode>> calls = concurrently(() -> session.callTool("slow__gather", Json.object()));

        for (Future<JsonNode> call : calls) {
            JsonNode result = call.get();
            assertThat(result.at("/content/0/text").asString()).isEqualTo("gathered " + CALLS);
            assertThat(result.path("isError").asBoolean()).isFalse();
        }
    }

    private static List<Future<JsonNode>> concurrently(java.util.concurrent.Callable<JsonNode> call) {
        List<Future<JsonNode>> calls = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CALLS; i++) {
                calls.add(clients.submit(call));
            }
        }
        return calls;
    }

    @Test
    void idleSessionsAndOpenStreamsHoldNoThreads() throws Exception {
        int before = osThreads();
        List<SseReader> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                RawMcp session = RawMcp.open(hub.url("/mcp"));
                SseReader stream =
                        SseReader.open(hub.url("/mcp"), Map.of(StreamableHttp.SESSION_HEADER, session.sessionId()));
                assertThat(stream.status()).isEqualTo(200);
                streams.add(stream);
            }
            int during = osThreads();
            System.out.printf("hub threads: %d before, %d with 100 more sessions and open streams%n", before, during);
            assertThat(during - before).isLessThan(20);
        } finally {
            streams.forEach(SseReader::close);
        }
    }

    @Test
    void aStreamableHttpClientThatVanishesMidCallHasItsCallCancelledUpstream() {
        long cancelledBefore = cancellations();
        long startedBefore = slowCallsStarted();
        try (TsClient client = TsClient.start("session", hub.url("/mcp"), Transport.HTTP)) {
            client.send(TsClient.call("long", "slow__slow", Json.object().put("ms", 60_000))
                    .put("async", true));
            awaitSlowCallsStarted(startedBefore, 1);

            client.kill();
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> cancellations() > cancelledBefore);
    }

    @Test
    void aLegacyClientThatVanishesMidCallLeavesNoSessionAndNoCallBehind() throws Exception {
        long cancelledBefore = cancellations();
        int sessionsBefore = activeSessions();
        long startedBefore = slowCallsStarted();
        try (TsClient client = TsClient.start("session", hub.url("/mcp"), Transport.SSE)) {
            client.send(TsClient.call("long", "slow__slow", Json.object().put("ms", 60_000))
                    .put("async", true));
            awaitSlowCallsStarted(startedBefore, 1);
            assertThat(activeSessions()).isEqualTo(sessionsBefore + 1);

            client.kill();
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> cancellations() > cancelledBefore);
        await().atMost(Duration.ofSeconds(20)).until(() -> activeSessions() == sessionsBefore);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    /** Waits until the slow server has started {@code count} more slow calls than {@code before}. */
    private static void awaitSlowCallsStarted(long before, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> slowCallsStarted() >= before + count);
    }

    private static long slowCallsStarted() {
        return hub.stderr().stream()
                .filter(line -> line.contains("slow stderr: SLOW"))
                .count();
    }

    private static long cancellations() {
        return hub.stderr().stream()
                .filter(line -> line.contains("slow stderr: CANCELLED"))
                .count();
    }

    private static int activeSessions() throws IOException, InterruptedException {
        return hub.get("/api/health").json().at("/mcpEndpoint/activeClients").asInt();
    }

    /** The hub's operating-system threads (Linux). */
    private int osThreads() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(hub.pid()), "status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring("Threads:".length()).trim());
            }
        }
        throw new IllegalStateException("no thread count in /proc/" + hub.pid() + "/status");
    }
}
