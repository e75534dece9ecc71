package dev.mcphub.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.FaultServer;
import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.ServersJson;
import dev.mcphub.testing.SseReader;
import dev.mcphub.testing.SseReader.Event;
import dev.mcphub.testing.TestHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The live event stream {@code /api/events} of one hub with a short heartbeat: headers, framing, ids, replay,
 * heartbeat counts, slow clients, and the events REST commands and upstream changes produce.
 */
class EventStreamIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** One SSE frame as the reference writes it, with our {@code id:} on every event. */
    private static final String FRAME = "id: \\d+\\nevent: [a-z_]+\\ndata: \\{[^\\n]*\\}\\n\\n";

    @TempDir
    static Path dir;

    static HubProcess hub;

    @BeforeAll
    static void startHub() throws Exception {
        Path config = ServersJson.create()
                .stdio("fault", Fixtures.javaCommand(FaultServer.class))
                .stdio(
                        "noisy",
                        Fixtures.javaCommand(
                                FaultServer.class, "--garbage-stdout", "--tools", "600", "--page-size", "1"))
                .write(dir.resolve("servers.json"));
        hub = HubProcess.builder(dir)
                .config(config)
                .args("--heartbeat-ms", "300")
                .start()
                .awaitReady(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopHub() throws Exception {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void theStreamHasTheReferenceHeadersAndFramesAndStartsWithTheHubState() throws Exception {
        try (RawStream stream = RawStream.open(hub.url("/api/events"))) {
            assertThat(stream.header("content-type")).isEqualTo("text/event-stream");
            assertThat(stream.header("cache-control")).isEqualTo("no-cache");
            assertThat(stream.header("connection")).isEqualTo("keep-alive");
            assertThat(stream.header("x-accel-buffering")).isEqualTo("no");

            String first = stream.awaitFrames(1).getFirst();
            assertThat(first).matches("id: \\d+\nevent: hub_state\ndata: \\{(?s).*");
            JsonNode state = Json.parse(first.substring(first.indexOf("data: ") + 6));
            assertThat(state.get("state").asString())
                    .isEqualTo(hub.get("/api/health").json().get("state").asString());
            assertThat(state.get("server_id").asString()).isEqualTo("mcp-hub");
            assertThat(state.get("pid").asLong()).isEqualTo(hub.pid());
            assertThat(state.get("port").asInt()).isEqualTo(hub.port());
            assertThat(Instant.parse(state.get("timestamp").asString())).isBeforeOrEqualTo(Instant.now());

            addTool("framed_tool");
            await().atMost(WAIT)
                    .until(() -> stream.text().contains("framed_tool")
                            && stream.text().contains("heartbeat"));
            List<String> frames = stream.awaitFrames(3);
            assertThat(String.join("", frames)).matches("(" + FRAME + ")+");
            assertThat(frames)
                    .filteredOn(frame -> frame.contains("event: heartbeat\n"))
                    .allSatisfy(frame ->
                            assertThat(frame).matches("id: \\d+\nevent: heartbeat\ndata: \\{\"connections\":(?s).*"));
            assertThat(frames)
                    .filteredOn(frame -> frame.contains("framed_tool"))
                    .allSatisfy(frame -> assertThat(frame).matches("id: \\d+\\nevent: subscription_event\\n(?s).*"));
        }
    }

    @Test
    void eventsWithoutTheApiPrefixIsTheSameStream() throws Exception {
        try (SseReader client = SseReader.open(hub.url("/events"), Map.of())) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.response().headers().firstValue("content-type")).contains("text/event-stream");
            assertThat(client.awaitEvent(e -> true, WAIT).name()).isEqualTo("hub_state");

            addTool("seen_on_events");
            Event changed = client.awaitEvent(toolListChangedWith("seen_on_events"), WAIT);
            assertThat(changed.id()).matches("\\d+");
            client.awaitEvent(SseReader.named("heartbeat"), WAIT);
        }
    }

    @Test
    void theHeartbeatCountsClientsAsTheyComeAndGo() throws Exception {
        try (SseReader watcher = SseReader.open(hub.url("/api/events"), Map.of())) {
            awaitHeartbeat(watcher, 1);
            SseReader second = SseReader.open(hub.url("/api/events"), Map.of());
            SseReader third = SseReader.open(hub.url("/api/events"), Map.of());
            JsonNode three = awaitHeartbeat(watcher, 3);
            assertThat(Instant.parse(three.get("timestamp").asString())).isBeforeOrEqualTo(Instant.now());
            assertThat(hub.get("/api/health").json().get("activeClients").asInt())
                    .isEqualTo(3);

            second.close();
            awaitHeartbeat(watcher, 2);
            third.close();
            awaitHeartbeat(watcher, 1);
            assertThat(hub.get("/api/health")
                            .json()
                            .at("/connections/totalConnections")
                            .asInt())
                    .isEqualTo(1);
        }
    }

    @Test
    void everyEventCarriesAnIdAndBroadcastIdsIncrease() throws Exception {
        try (SseReader client = SseReader.open(hub.url("/api/events"), Map.of())) {
            addTool("first_of_two");
            Event first = client.awaitEvent(toolListChangedWith("first_of_two"), WAIT);
            addTool("second_of_two");
            Event second = client.awaitEvent(toolListChangedWith("second_of_two"), WAIT);
            client.awaitEvent(SseReader.named("heartbeat"), WAIT);

            assertThat(Long.parseLong(second.id())).isGreaterThan(Long.parseLong(first.id()));
            assertThat(client.events())
                    .allSatisfy(e -> assertThat(e.id()).as("id of %s", e.name()).isNotNull());
        }
    }

    @Test
    void theFirstHubStatesIdResumesTheStreamWhereTheSnapshotWasTaken() throws Exception {
        String snapshotId;
        try (SseReader first = SseReader.open(hub.url("/api/events"), Map.of())) {
            Event state = first.awaitEvent(SseReader.named("hub_state"), WAIT);
            snapshotId = state.id();
            assertThat(snapshotId).as("id of the first hub_state").isNotNull();
        }
        addTool("after_the_snapshot");
        try (SseReader resumed = SseReader.open(hub.url("/api/events"), Map.of("Last-Event-ID", snapshotId))) {
            resumed.awaitEvent(toolListChangedWith("after_the_snapshot"), WAIT);
            assertThat(resumed.events().getFirst().name()).isEqualTo("hub_state");
        }
    }

    @Test
    void aClientThatReconnectsWithLastEventIdGetsWhatItMissed() throws Exception {
        long lastSeen;
        try (SseReader before = SseReader.open(hub.url("/api/events"), Map.of())) {
            addTool("before_the_gap");
            lastSeen = Long.parseLong(before.awaitEvent(toolListChangedWith("before_the_gap"), WAIT)
                    .id());
        }
        try (SseReader witness = SseReader.open(hub.url("/api/events"), Map.of())) {
            addTool("missed_one");
            addTool("missed_two");
            witness.awaitEvent(toolListChangedWith("missed_two"), WAIT);
        }

        try (SseReader after =
                SseReader.open(hub.url("/api/events"), Map.of("Last-Event-ID", String.valueOf(lastSeen)))) {
            Event two = after.awaitEvent(toolListChangedWith("missed_two"), WAIT);
            List<Event> events = after.events();
            assertThat(events.getFirst().name()).isEqualTo("hub_state");
            // Before the replay the client stands where it left: a drop now must not lose the replay.
            assertThat(events.getFirst().id()).isEqualTo(String.valueOf(lastSeen));
            List<Long> replayed = events.stream()
                    .filter(e -> !e.name().equals("hub_state") && !e.name().equals("heartbeat"))
                    .map(e -> Long.parseLong(e.id()))
                    .toList();
            assertThat(replayed).isSorted().allSatisfy(id -> assertThat(id).isGreaterThan(lastSeen));
            Event one = after.awaitEvent(toolListChangedWith("missed_one"), WAIT);
            assertThat(events.indexOf(one)).isLessThan(events.indexOf(two));
        }
    }

    @Test
    void aPageThatCannotSetTheHeaderResumesWithLastEventIdInTheQuery() throws Exception {
        long lastSeen;
        try (SseReader before = SseReader.open(hub.url("/api/events"), Map.of())) {
            addTool("before_the_page_left");
            lastSeen = Long.parseLong(before.awaitEvent(toolListChangedWith("before_the_page_left"), WAIT)
                    .id());
        }
        addTool("missed_by_the_page");
        try (SseReader after = SseReader.open(hub.url("/api/events?lastEventId=" + lastSeen), Map.of())) {
            Event missed = after.awaitEvent(toolListChangedWith("missed_by_the_page"), WAIT);
            assertThat(after.events().getFirst().id()).isEqualTo(String.valueOf(lastSeen));
            assertThat(Long.parseLong(missed.id())).isGreaterThan(lastSeen);
        }
    }

    @Test
    void aStalledClientIsDroppedWithoutDelayingTheOthers() throws Exception {
        try (Socket stalled = stalledClient();
                SseReader live = SseReader.open(hub.url("/api/events"), Map.of())) {
            awaitHeartbeat(live, 2);

            // The kernel buffers megabytes for a stalled socket. Fill that with big events first: a failed
            // read is logged with the server's error message, which repeats the (long) uri ...
            String longUri = "fault://" + "x".repeat(1_000_000);
            for (int i = 0; i < 6; i++) {
                HubProcess.Reply reply =
                        hub.post("/api/servers/resources", "{\"server_name\":\"noisy\",\"uri\":\"" + longUri + "\"}");
                assertThat(reply.status()).isEqualTo(502);
            }
            await().atMost(WAIT)
                    .until(() -> countOf(
                                    live,
                                    e -> e.name().equals("log") && e.data().contains(longUri))
                            == 6);
            // ... then more small ones than its queue holds: "noisy" lists its 603 tools one per page and
            // writes a garbage line before each, which the hub logs (warn) and so sends as an event.
            int before = countOf(live, garbage());
            assertThat(hub.post("/api/servers/refresh", "{\"server_name\":\"noisy\"}")
                            .status())
                    .isEqualTo(200);
            assertThat(hub.post("/api/servers/refresh", "{\"server_name\":\"noisy\"}")
                            .status())
                    .isEqualTo(200);
            await().atMost(WAIT).until(() -> countOf(live, garbage()) - before >= 1_200);

            awaitHeartbeat(live, 1);
            assertThat(hub.get("/api/health")
                            .json()
                            .at("/connections/totalConnections")
                            .asInt())
                    .isEqualTo(1);
            Received received = readToEnd(stalled);
            assertThat(received.ended())
                    .as("the hub closed the stalled connection")
                    .isTrue();
            assertThat(received.text().split("not JSON-RPC", -1).length - 1)
                    .as("garbage log events that reached the stalled client")
                    .isLessThan(countOf(live, garbage()));
        }
    }

    @Test
    void restStopAndStartAreFollowedByServersUpdated() throws Exception {
        try (SseReader client = SseReader.open(hub.url("/api/events"), Map.of())) {
            assertThat(hub.post("/api/servers/stop", "{\"server_name\":\"fault\"}")
                            .status())
                    .isEqualTo(200);
            Event stopped = client.awaitEvent(SseReader.subscription("servers_updated"), WAIT);
            assertThat(stopped.json().at("/changes/modified"))
                    .extracting(JsonNode::asString)
                    .containsExactly("fault");
            assertThat(stopped.json().get("timestamp").asString()).isNotBlank();

            int before = client.events().size();
            assertThat(hub.post("/api/servers/start", "{\"server_name\":\"fault\"}")
                            .status())
                    .isEqualTo(200);
            await().atMost(WAIT)
                    .until(() ->
                            client.events().stream().skip(before).anyMatch(SseReader.subscription("servers_updated")));
            Event started = client.events().stream()
                    .skip(before)
                    .filter(SseReader.subscription("servers_updated"))
                    .findFirst()
                    .orElseThrow();
            assertThat(started.json().at("/changes/modified"))
                    .extracting(JsonNode::asString)
                    .containsExactly("fault");
            assertThat(Long.parseLong(started.id())).isGreaterThan(Long.parseLong(stopped.id()));
        }
    }

    @Test
    void anUpstreamToolListChangeIsSentWithTheFullToolObjects() throws Exception {
        try (SseReader client = SseReader.open(hub.url("/api/events"), Map.of())) {
            addTool("brand_new");
            JsonNode changed =
                    client.awaitEvent(toolListChangedWith("brand_new"), WAIT).json();

            assertThat(changed.get("server").asString()).isEqualTo("fault");
            JsonNode echo = find(changed.get("tools"), "echo");
            assertThat(echo.get("description").asString()).isNotBlank();
            assertThat(echo.at("/inputSchema/properties/message/type").asString())
                    .isEqualTo("string");
            assertThat(find(changed.get("tools"), "brand_new")
                            .get("description")
                            .asString())
                    .isEqualTo("Added at run time");
            JsonNode tools = hub.post("/api/servers/info", "{\"server_name\":\"fault\"}")
                    .json()
                    .at("/server/capabilities/tools");
            assertThat(tools).extracting(t -> t.get("name").asString()).contains("brand_new");
        }
    }

    @Test
    void logEventsAreSentFromInfoUpButNotForDebugLines() throws Exception {
        try (SseReader client = SseReader.open(hub.url("/api/events"), Map.of())) {
            hub.post("/api/servers/stop", "{\"server_name\":\"fault\"}");
            hub.post("/api/servers/start", "{\"server_name\":\"fault\"}");
            Event connected = client.awaitEvent(
                    e -> e.name().equals("log") && e.data().contains("fault: connected via stdio"), WAIT);
            client.awaitEvent(SseReader.named("heartbeat"), WAIT);

            JsonNode log = connected.json();
            assertThat(log.get("type").asString()).isEqualTo("info");
            assertThat(log.get("data").isObject()).isTrue();
            assertThat(log.get("timestamp").asString()).isNotBlank();
            // The fixture writes "PID <n>" to stderr at start; the hub logs stderr lines at debug.
            assertThat(client.events())
                    .filteredOn(SseReader.named("log"))
                    .noneMatch(e -> e.json().get("type").asString().equals("debug"))
                    .noneMatch(e -> e.data().contains("stderr"))
                    .noneMatch(e -> e.data().contains("connecting (attempt"));
        }
    }

    @Test
    void restartSaysRestartingThenRestarted() throws Exception {
        try (SseReader client = SseReader.open(hub.url("/api/events"), Map.of())) {
            HubProcess.Reply reply = hub.post("/api/restart", "");
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().get("status").asString()).isEqualTo("ok");

            Event restarting = client.awaitEvent(hubState("restarting"), WAIT);
            Event restarted = client.awaitEvent(hubState("restarted"), WAIT);
            assertThat(client.events().indexOf(restarting))
                    .isLessThan(client.events().indexOf(restarted));
            assertThat(restarted.json().get("has_restarted").asBoolean()).isTrue();
            assertThat(restarting.json().has("has_restarted")).isFalse();
            JsonNode health = hub.get("/api/health").json();
            assertThat(health.get("state").asString()).isEqualTo("restarted");
            assertThat(health.get("servers"))
                    .allSatisfy(s -> assertThat(s.get("status").asString()).isEqualTo("connected"));
        }
    }

    private static void addTool(String name) throws Exception {
        callTool("fault", "add_tool", "{\"name\":\"" + name + "\"}");
    }

    private static Predicate<Event> toolListChangedWith(String tool) {
        return SseReader.subscription("tool_list_changed").and(e -> e.data().contains("\"" + tool + "\""));
    }

    private static Predicate<Event> hubState(String state) {
        return e ->
                e.name().equals("hub_state") && e.json().get("state").asString().equals(state);
    }

    /** Waits for a heartbeat counting {@code connections} that arrived after this call. */
    private static JsonNode awaitHeartbeat(SseReader client, int connections) {
        int seen = client.events().size();
        await().atMost(WAIT)
                .until(() -> client.events().stream()
                        .skip(seen)
                        .anyMatch(e -> e.name().equals("heartbeat")
                                && e.json().get("connections").asInt() == connections));
        return client.events().stream()
                .skip(seen)
                .filter(e -> e.name().equals("heartbeat")
                        && e.json().get("connections").asInt() == connections)
                .findFirst()
                .orElseThrow()
                .json();
    }

    private static JsonNode find(JsonNode tools, String name) {
        for (JsonNode tool : tools) {
            if (tool.get("name").asString().equals(name)) {
                return tool;
            }
        }
        throw new AssertionError("no tool " + name + " in " + tools);
    }

    /** A client that asks for the stream and then never reads, with a receive buffer as small as allowed. */
    private static Socket stalledClient() throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024);
        socket.connect(new InetSocketAddress("127.0.0.1", hub.port()));
        socket.getOutputStream()
                .write(("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:" + hub.port()
                                + "\r\nAccept: text/event-stream\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** What a socket got until the server ended the stream, or until it went quiet for five seconds. */
    private record Received(String text, boolean ended) {}

    private static Received readToEnd(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        boolean ended = true;
        try {
            InputStream in = socket.getInputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            ended = false;
        } catch (java.net.SocketException e) {
            // Reset by the hub: ended.
        }
        return new Received(received.toString(StandardCharsets.UTF_8), ended);
    }

    private static Predicate<Event> garbage() {
        return e -> e.name().equals("log") && e.data().contains("not JSON-RPC");
    }

    private static int countOf(SseReader client, Predicate<Event> match) {
        return (int) client.events().stream().filter(match).count();
    }

    private static void callTool(String server, String tool, String arguments) throws Exception {
        HubProcess.Reply reply = hub.post(
                "/api/servers/tools",
                "{\"server_name\":\"" + server + "\",\"tool\":\"" + tool + "\",\"arguments\":" + arguments + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    /** The stream as raw text, to check the framing byte by byte. */
    private static final class RawStream implements AutoCloseable {
        private final HttpResponse<InputStream> response;
        private final StringBuffer text = new StringBuffer();

        private RawStream(HttpResponse<InputStream> response) {
            this.response = response;
            Thread.ofVirtual().start(this::read);
        }

        static RawStream open(String url) throws IOException, InterruptedException {
            return new RawStream(TestHttp.shared()
                    .send(
                            HttpRequest.newBuilder(URI.create(url)).GET().build(),
                            HttpResponse.BodyHandlers.ofInputStream()));
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        String text() {
            return text.toString();
        }

        /** The first {@code count} complete frames (or more, if more have arrived), waiting for them. */
        List<String> awaitFrames(int count) {
            await().atMost(WAIT).until(() -> frames().size() >= count);
            return frames();
        }

        private List<String> frames() {
            String all = text.toString();
            int end = all.lastIndexOf("\n\n");
            if (end < 0) {
                return List.of();
            }
            return java.util.Arrays.stream(all.substring(0, end + 2).split("(?<=\\n\\n)"))
                    .toList();
        }

        private void read() {
            byte[] buffer = new byte[4096];
            try (InputStream in = response.body()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // The stream ended.
            }
        }

        @Override
        public void close() throws IOException {
            response.body().close();
        }
    }
}
