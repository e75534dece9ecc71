package dev.mcphub.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.fixtures.FixtureProcess;
import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.HubServers;
import dev.mcphub.testing.LoopbackPort;
import dev.mcphub.testing.McpClient;
import dev.mcphub.testing.RawPost;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Calls to a remote (Streamable HTTP) server, which the hub sends and reads on the caller's own thread: the
 * caller's timeout still ends a call the server does not answer, and cancels it at the server, as does a client
 * that drops its request mid-call; concurrent
 * callers each get their own answer over the pooled connections. The server is the TypeScript SDK fixture
 * {@code test-fixtures/servers/remote-server.mjs}, whose {@code wait} tool prints when it is cancelled.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RemoteCallsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private static FixtureProcess server;
    private static HubProcess hub;

    @BeforeAll
    static void start() throws Exception {
        int port = LoopbackPort.free();
        server = FixtureProcess.start(
                "remote-http",
                List.of(
                        "node",
                        Fixtures.dir().resolve("servers/remote-server.mjs").toString(),
                        "--port",
                        Integer.toString(port),
                        "--transport",
                        "http"));
        String first = server.nextLine(WAIT).orElseThrow(() -> new IllegalStateException("the server exited"));
        assertThat(Json.parse(first).path("listening").asInt()).isEqualTo(port);
        ObjectNode config = Json.object();
        config.putObject("mcpServers").putObject("remote").put("url", "http://127.0.0.1:" + port + "/mcp");
        Path file = Files.writeString(dir.resolve("servers.json"), Json.text(config));
        hub = HubProcess.builder(dir).config(file).args("--no-marketplace").start();
        hub.awaitReady(WAIT);
        HubServers.awaitStatus(hub, "remote", "connected", WAIT);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (hub != null) {
            hub.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aCallTheServerDoesNotAnswerInTimeEndsWithATimeoutAndIsCancelledAtTheServer() throws Exception {
        long started = System.nanoTime();
        HubProcess.Reply reply = call("wait", Json.object().put("ms", 120_000), 700);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(reply.status()).as(reply.body()).isNotEqualTo(200);
        assertThat(reply.body()).contains("did not answer tools/call within 700 ms");
        assertThat(tookMs).as("hang guard: the call's own timeout ended it").isLessThan(60_000);
        assertThat(cancellation()).isNotNull();
        HubProcess.Reply after = call("echo", Json.object().put("text", "after the timeout"), 30_000);
        assertThat(text(after)).isEqualTo("echo: after the timeout");
    }

    @Test
    void aClientThatDropsItsRequestMidCallGetsTheCallCancelledAtTheServer() throws Exception {
        try (McpClient client = McpClient.connect(hub.url("/mcp"))) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), hub.port())) {
                socket.setSoTimeout((int) WAIT.toMillis());
                ObjectNode params = Json.object().put("name", "remote__wait");
                params.set("arguments", Json.object().put("ms", 120_000));
                RawPost.toolCall(socket, hub.port(), client.sessionId(), params);
                while (next("waiting").asInt() != 120_000) {
                    // an earlier test's call
                }
            } // The client goes away with its call in flight.

            assertThat(next("cancelled").asString()).isNotEmpty();
        }
        HubProcess.Reply after = call("echo", Json.object().put("text", "after the drop"), 30_000);
        assertThat(text(after)).isEqualTo("echo: after the drop");
    }

    @Test
    void aCallAnsweredWithinItsTimeoutGetsItsAnswer() throws Exception {
        HubProcess.Reply reply = call("wait", Json.object().put("ms", 300), 20_000);
        assertThat(text(reply)).isEqualTo("waited 300");
    }

    @Test
    void concurrentCallersEachGetTheirOwnAnswer() throws Exception {
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                String text = "caller " + i;
                Callable<String> task = () -> text(call("echo", Json.object().put("text", text), 30_000));
                answers.add(pool.submit(task));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS))
                        .isEqualTo("echo: caller " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The reason the server printed for the next cancelled call, skipping its request log. */
    private static String cancellation() {
        return next("cancelled").asString();
    }

    /** The value of the next line the server printed with {@code field}, skipping the others. */
    private static JsonNode next(String field) {
        while (true) {
            JsonNode line = Json.parse(server.nextLine(WAIT).orElseThrow());
            if (line.has(field)) {
                return line.get(field);
            }
        }
    }

    private static HubProcess.Reply call(String tool, ObjectNode arguments, int timeoutMs) throws Exception {
        ObjectNode body = Json.object().put("server_name", "remote").put("tool", tool);
        body.set("arguments", arguments);
        body.putObject("request_options").put("timeout", timeoutMs);
        return hub.post("/api/servers/tools", Json.text(body));
    }

    private static String text(HubProcess.Reply reply) throws IOException {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().at("/result/content/0/text").asString();
    }
}
