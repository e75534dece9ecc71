package dev.mcphub.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.FaultServer;
import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.ServersJson;
import dev.mcphub.testing.SseReader;
import dev.mcphub.testing.SseReader.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Supervision of stdio servers by a real hub: crashes are reported and reconnected with backoff, a server
 * that keeps failing is not restarted in a hot loop, a child that dies during initialize is reported as
 * such, one that never answers hits the connect timeout, garbage on stdout is skipped, servers start in
 * parallel and {@code ready} waits for all of them but never longer than {@code --ready-timeout}.
 */
class SupervisionIT {
    private static final int CONNECT_TIMEOUT_SECONDS = 5;
    private static final List<String> MUTE = List.of("mute1", "mute2", "mute3");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern RETRY = Pattern.compile("retrying in (\\d+) ms");

    @TempDir
    static Path dir;

    static HubProcess hub;

    @BeforeAll
    static void startHub() throws Exception {
        ServersJson servers = ServersJson.create()
                .stdio("crashy", Fixtures.javaCommand(FaultServer.class, "--crash-after-calls", "1"))
                .stdio("dies", Fixtures.javaCommand(FaultServer.class, "--exit-during-initialize", "7"))
                .stdio("garbage", Fixtures.javaCommand(FaultServer.class, "--garbage-stdout"));
        MUTE.forEach(name -> servers.stdio(name, Fixtures.javaCommand(FaultServer.class, "--never-initialize")));
        Path config = servers.write(dir.resolve("servers.json"));
        hub = HubProcess.builder(dir)
                .config(config)
                // Debug: the hub then logs its servers' stderr lines, in the order it read them.
                .args("--connect-timeout", String.valueOf(CONNECT_TIMEOUT_SECONDS), "--log-level", "debug")
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
    void serversStartInParallelAndReadyComesOnceEveryOneHasSettled() throws Exception {
        // Three servers that never answer initialize: started one after the other, the second would get its
        // initialize only after the first had timed out. In parallel, all three have it before any times out.
        await().atMost(WAIT).until(() -> firstLine("did not answer initialize") >= 0);
        int firstTimeout = firstLine("did not answer initialize");
        for (String mute : MUTE) {
            assertThat(firstLine(mute + " stderr: not answering initialize"))
                    .as("%s got initialize before the first connect timeout", mute)
                    .isBetween(0, firstTimeout);
        }
        try (SseReader history = replay()) {
            Event summary = history.awaitEvent(log("servers connected"), WAIT);
            String message = summary.json().get("message").asString();
            assertThat(message).startsWith("2/6 servers connected").doesNotContain("connecting");
            MUTE.forEach(name -> assertThat(message).contains(name + " (disconnected)"));
            assertThat(message).contains("dies (disconnected)");
            // The broadcast ready, not the snapshot of the state every stream starts with.
            Event ready = history.awaitEvent(
                    hubState("ready").and(e -> !e.equals(history.events().getFirst())), WAIT);
            assertThat(history.events().indexOf(ready))
                    .isGreaterThan(history.events().indexOf(summary));
        }
    }

    @Test
    void aCrashIsReportedWithExitCodeAndStderrThenReconnectedWithBackoff() throws Exception {
        try (SseReader events = SseReader.open(hub.url("/api/events"), Map.of())) {
            assertThat(echo("crashy").status()).isEqualTo(200);
            Instant beforeCrash = Instant.now();
            HubProcess.Reply crashed = echo("crashy");
            assertThat(crashed.status()).isEqualTo(502);
            assertThat(crashed.json().get("error").asString()).contains("'crashy'", "exited with code 3");

            Event lost = events.awaitEvent(updated("crashy", "disconnected"), WAIT);
            JsonNode down = server("crashy");
            assertThat(down.get("status").asString()).isEqualTo("disconnected");
            assertThat(down.get("error").asString()).contains("exited with code 3", "crashing after 1 tools/call");
            assertThat(down.get("exitCode").asInt()).isEqualTo(3);
            assertThat(down.get("stderr")).extracting(JsonNode::asString).contains("crashing after 1 tools/call");
            assertThat(down.get("capabilities").get("tools").size()).isZero();
            Instant nextRetry = Instant.parse(down.get("nextRetry").asString());
            assertThat(nextRetry).as("a retry is planned, later than the crash").isAfter(beforeCrash);

            Event back = events.awaitEvent(updated("crashy", "connected"), WAIT);
            // Seen after it happened, on the same machine's clock: the hub did not reconnect before it said.
            assertThat(Instant.now())
                    .as("reconnected no earlier than announced")
                    .isAfterOrEqualTo(nextRetry);
            assertThat(events.events().indexOf(lost)).isLessThan(events.events().indexOf(back));
            assertThat(echo("crashy").json().at("/result/content/0/text").asString())
                    .isEqualTo("still here");
        }
    }

    /**
     * Read from the hub's own log, which keeps every line since its start, so the check holds whenever it runs:
     * first, or after other tests while "dies" has failed many times already.
     */
    @Test
    void aServerThatKeepsFailingIsRetriedWithGrowingDelaysNotInAHotLoop() {
        await().atMost(WAIT).until(() -> failures("dies").size() >= 3);
        List<Failure> failures = failures("dies").subList(0, 3);
        for (int i = 0; i + 1 < failures.size(); i++) {
            Failure earlier = failures.get(i);
            Failure later = failures.get(i + 1);
            assertThat(later.retryMillis())
                    .as("the delay after failure %d grows", i + 2)
                    .isGreaterThanOrEqualTo(earlier.retryMillis());
            assertThat(later.at())
                    .as("failure %d came no sooner than the delay announced before it", i + 2)
                    .isAfterOrEqualTo(earlier.at().plus(Duration.ofMillis(earlier.retryMillis())));
        }
    }

    @Test
    void aChildThatDiesDuringInitializeIsReportedWithItsExitCodeAndStderrNotAsATimeout() throws Exception {
        try (SseReader history = replay()) {
            Event dies = history.awaitEvent(log("dies: failed to connect"), WAIT);
            Event firstTimeout = history.awaitEvent(log("did not answer initialize"), WAIT);
            assertThat(history.events().indexOf(dies))
                    .as("reported before the connect timeout")
                    .isLessThan(history.events().indexOf(firstTimeout));
        }
        JsonNode status = server("dies");
        assertThat(status.get("status").asString()).isIn("disconnected", "connecting");
        await().atMost(WAIT).until(() -> server("dies").has("exitCode"));
        JsonNode down = server("dies");
        assertThat(down.get("error").asString())
                .contains("exited with code 7", "cannot open its database", "during initialize")
                .doesNotContain("did not answer");
        assertThat(down.get("exitCode").asInt()).isEqualTo(7);
        assertThat(down.get("stderr"))
                .extracting(JsonNode::asString)
                .contains("fault-server: cannot open its database: simulated start-up failure");
    }

    @Test
    void aServerThatNeverAnswersInitializeHitsTheConnectTimeout() throws Exception {
        await().atMost(WAIT).until(() -> server("mute1").get("error").isString());
        JsonNode mute = server("mute1");
        assertThat(mute.get("error").asString())
                .isEqualTo("Server 'mute1' did not answer initialize within " + CONNECT_TIMEOUT_SECONDS + " s");
        assertThat(mute.get("status").asString()).isIn("disconnected", "connecting");
    }

    @Test
    void garbageOnStdoutIsSkippedAndTheServerStillWorks() throws Exception {
        assertThat(server("garbage").get("status").asString()).isEqualTo("connected");
        HubProcess.Reply reply = echo("garbage");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().at("/result/content/0/text").asString()).isEqualTo("still here");
        try (SseReader history = replay()) {
            String warning = history.awaitEvent(log("not JSON-RPC"), WAIT)
                    .json()
                    .get("message")
                    .asString();
            assertThat(warning).startsWith("garbage: ").contains("garbage line 1");
        }
    }

    @Test
    void readyComesAfterTheReadyTimeoutAndASlowServerGoesOnConnecting() throws Exception {
        Path slowDir = Files.createDirectories(dir.resolve("slow"));
        Path config = ServersJson.create()
                .stdio("quick", Fixtures.javaCommand(FaultServer.class))
                .slowStdio("slow", 3, Fixtures.javaCommand(FaultServer.class, "--name", "slow-server"))
                .write(slowDir.resolve("servers.json"));
        try (HubProcess slowHub = HubProcess.builder(slowDir)
                        .config(config)
                        .args("--ready-timeout", "1")
                        .start();
                SseReader events = SseReader.open(slowHub.url("/api/events"), Map.of("Last-Event-ID", "0"))) {
            Event ready = events.awaitEvent(
                    hubState("ready").and(e -> !e.equals(events.events().getFirst())), WAIT);
            // "slow" sleeps 3 s before it even starts: a ready that waited for every server would come after it.
            Event connected = events.awaitEvent(updated("slow", "connected"), WAIT);
            assertThat(events.events().indexOf(connected))
                    .isGreaterThan(events.events().indexOf(ready));
            JsonNode slow = slowHub.get("/api/servers").json().at("/servers/1");
            assertThat(slow.get("status").asString()).isEqualTo("connected");
            assertThat(slow.at("/serverInfo/name").asString()).isEqualTo("slow-server");
        }
    }

    private static HubProcess.Reply echo(String server) throws Exception {
        return hub.post(
                "/api/servers/tools",
                "{\"server_name\":\"" + server + "\",\"tool\":\"echo\",\"arguments\":{\"message\":\"still here\"}}");
    }

    private static JsonNode server(String name) throws Exception {
        for (JsonNode server : hub.get("/api/servers").json().get("servers")) {
            if (server.get("name").asString().equals(name)) {
                return server;
            }
        }
        throw new AssertionError("no server " + name);
    }

    /** Every event the hub still holds, from its start. */
    private static SseReader replay() throws Exception {
        return SseReader.open(hub.url("/api/events"), Map.of("Last-Event-ID", "0"));
    }

    /** A failed connection attempt as the hub logged it: when, and the delay it announced. */
    private record Failure(LocalDateTime at, long retryMillis) {}

    /** The server's failed attempts so far, in order, from the hub's stderr (which keeps every line). */
    private static List<Failure> failures(String server) {
        List<Failure> failures = new ArrayList<>();
        LocalDate day = LocalDate.now();
        LocalTime previous = LocalTime.MIN;
        for (String line : hub.stderr()) {
            Matcher retry = RETRY.matcher(line);
            if (line.contains(server + ": failed to connect") && retry.find()) {
                LocalTime time = LocalTime.parse(line.substring(0, 12));
                day = time.isBefore(previous) ? day.plusDays(1) : day; // past midnight
                previous = time;
                failures.add(new Failure(day.atTime(time), Long.parseLong(retry.group(1))));
            }
        }
        return failures;
    }

    /** The index of the hub's first stderr line containing {@code text}, or -1. */
    private static int firstLine(String text) {
        List<String> lines = hub.stderr();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private static java.util.function.Predicate<Event> hubState(String state) {
        return e ->
                e.name().equals("hub_state") && e.json().get("state").asString().equals(state);
    }

    private static java.util.function.Predicate<Event> log(String text) {
        return e -> e.name().equals("log") && e.json().get("message").asString().contains(text);
    }

    private static java.util.function.Predicate<Event> updated(String server, String status) {
        return SseReader.subscription("servers_updated")
                .and(e -> e.json().at("/changes/modified/0").asString().equals(server)
                        && status.equals(e.json().path("status").asString("")));
    }
}
