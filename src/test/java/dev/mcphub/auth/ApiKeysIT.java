package dev.mcphub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.ServersJson;
import dev.mcphub.testing.SseReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * API keys end to end: made with {@code mcp-hub keys}, used on REST, {@code /mcp} and the event stream with their
 * scopes and server limits, revoked under a running hub while a session is open, and never seen again.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiKeysIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ECHO = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":"
            + "\"everything__echo\",\"arguments\":{\"message\":\"hello\"}}}";

    @TempDir
    static Path dir;

    private static HubProcess hub;
    private static Path home;
    private static final List<String> keys = new ArrayList<>();
    private static final List<String> answers = new ArrayList<>();
    private static Authed admin;

    @BeforeAll
    static void start() throws Exception {
        home = Files.createDirectories(dir.resolve("home"));
        String adminKey = KeysCli.create(home, "ops", "--scope", "admin");
        keys.add(adminKey);
        Path config = ServersJson.create()
                .stdio("everything", Fixtures.npmServer("server-everything"))
                .stdio("memory", Fixtures.npmServer("server-memory"))
                .write(dir.resolve("servers.json"));
        hub = HubProcess.builder(dir)
                .home(home)
                .config(config)
                .args("--no-marketplace", "--log-level", "debug")
                .start();
        admin = new Authed(hub, adminKey).awaitReady(WAIT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    @Order(1)
    void aKeyIsPrintedOnceWhileOnlyItsHashIsStoredInAnOwnerOnlyFile() throws Exception {
        KeysCli.Result created = KeysCli.run(home, "create", "ci", "--scope", "read", "--expires", "30d");
        assertThat(created.exit()).isZero();
        String key = created.stdout().trim();
        keys.add(key);
        assertThat(key).startsWith("mcphub_").hasSizeGreaterThan(40);
        assertThat(created.stderr()).contains("'ci'").contains("shown only now").doesNotContain(key);
        Path file = home.resolve("state/mcp-hub/api-keys.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("\"ci\"").doesNotContain(key);
        KeysCli.Result list = KeysCli.run(home, "list");
        assertThat(list.stdout())
                .contains("ci")
                .contains("ops")
                .contains("read")
                .doesNotContain(key);
        assertThat(KeysCli.run(home, "create", "ci").exit()).isEqualTo(1);
        assertThat(KeysCli.run(home, "create", "x", "--scope", "root").exit()).isEqualTo(2);
    }

    @Test
    @Order(2)
    void aReadKeyListsButCannotCallOnRestOrMcp() throws Exception {
        String key = KeysCli.create(home, "reader", "--scope", "read");
        keys.add(key);
        Authed reader = new Authed(hub, key);
        await().atMost(WAIT).until(() -> reader.get("/api/servers").status() == 200);
        HubProcess.Reply call = reader.post(
                "/api/servers/tools", "{\"server_name\":\"everything\",\"tool\":\"echo\",\"arguments\":{}}");
        assertThat(call.status()).isEqualTo(403);
        assertThat(call.json().path("error").asString())
                .contains("needs the call scope")
                .contains("key:reader");
        answers.add(call.body());
        String session = reader.initialize("/mcp");
        HubProcess.Reply mcp = reader.mcp("/mcp", session, ECHO);
        assertThat(mcp.status()).isEqualTo(403);
        assertThat(mcp.headers().get("www-authenticate").getFirst()).contains("insufficient_scope");
        JsonNode error = rpc(mcp).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(-32003);
        assertThat(error.path("message").asString()).contains("needs the call scope");
        assertThat(reader.post("/api/servers/stop", "{\"server_name\":\"memory\"}")
                        .status())
                .isEqualTo(403);
        assertThat(reader.get("/api/audit").status()).isEqualTo(403);
    }

    @Test
    @Order(3)
    void aKeyLimitedToOneServerNeitherSeesNorCallsTheOthers() throws Exception {
        String key = KeysCli.create(home, "memory-only", "--scope", "call", "--server", "memory");
        keys.add(key);
        Authed limited = new Authed(hub, key);
        await().atMost(WAIT).until(() -> limited.get("/api/servers").status() == 200);
        assertThat(Json.elements(limited.get("/api/servers").json().path("servers")))
                .extracting(s -> s.path("name").asString())
                .containsExactly("memory");
        String session = limited.initialize("/mcp");
        JsonNode tools = rpc(limited.mcp("/mcp", session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"));
        List<String> names = Json.elements(tools.path("result").path("tools")).stream()
                .map(t -> t.path("name").asString())
                .toList();
        assertThat(names).isNotEmpty().allMatch(name -> name.startsWith("memory__"));
        JsonNode denied = rpc(limited.mcp("/mcp", session, ECHO));
        assertThat(denied.path("error").path("message").asString()).contains("may not use server 'everything'");
        JsonNode allowed = rpc(limited.mcp(
                "/mcp",
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
                        + "\"memory__read_graph\",\"arguments\":{}}}"));
        assertThat(allowed.has("result")).as(allowed.toString()).isTrue();
        assertThat(limited.mcp("/servers/everything/mcp", null, "{}").status()).isEqualTo(403);
        assertThat(limited.post("/api/servers/tools", "{\"server_name\":\"everything\",\"tool\":\"echo\"}")
                        .status())
                .isEqualTo(403);
        // Another caller cannot borrow the session.
        assertThat(admin.mcp("/mcp", session, ECHO).status()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void aKeyLimitedToOneServerHearsOnlyThatServersEvents() throws Exception {
        String key = KeysCli.create(home, "memory-events", "--scope", "read", "--server", "memory");
        keys.add(key);
        await().atMost(WAIT)
                .until(() -> new Authed(hub, key).get("/api/servers").status() == 200);
        try (SseReader limited = SseReader.open(hub.url("/api/events"), Map.of("Authorization", "Bearer " + key));
                SseReader all =
                        SseReader.open(hub.url("/api/events"), Map.of("Authorization", "Bearer " + keys.get(0)))) {
            limited.awaitEvent(SseReader.named("hub_state"), WAIT);
            all.awaitEvent(SseReader.named("hub_state"), WAIT);

            assertThat(admin.post("/api/restart", "").status()).isEqualTo(200);

            Predicate<SseReader.Event> restarted = e -> e.name().equals("hub_state")
                    && e.json().path("state").asString().equals("restarted");
            all.awaitEvent(restarted, WAIT);
            limited.awaitEvent(restarted, WAIT);
            assertThat(all.events())
                    .as("the admin hears about both servers")
                    .anyMatch(e -> e.data().contains("everything"))
                    .anyMatch(e -> e.data().contains("memory"));
            assertThat(admin.post("/api/servers/stop", "{\"server_name\":\"everything\"}")
                            .status())
                    .isEqualTo(200);
            assertThat(admin.post("/api/servers/stop", "{\"server_name\":\"memory\"}")
                            .status())
                    .isEqualTo(200);
            limited.awaitEvent(e -> e.data().contains("\"memory\""), WAIT);
            all.awaitEvent(e -> e.data().contains("\"memory\""), WAIT);
            assertThat(all.events()).anyMatch(e -> e.data().contains("\"modified\":[\"everything\"]"));
            assertThat(limited.events()).noneMatch(e -> e.data().contains("everything"));
        } finally {
            admin.post("/api/servers/start", "{\"server_name\":\"everything\"}");
            admin.post("/api/servers/start", "{\"server_name\":\"memory\"}");
            await().atMost(WAIT)
                    .until(() -> Json.elements(admin.get("/api/servers").json().path("servers")).stream()
                            .allMatch(server -> server.path("status").asString().equals("connected")));
        }
    }

    @Test
    @Order(3)
    void healthAndStatsNameAndCountOnlyTheServersALimitedKeyMayUse() throws Exception {
        String key = KeysCli.create(home, "memory-reader", "--scope", "read", "--server", "memory");
        keys.add(key);
        Authed limited = new Authed(hub, key);
        await().atMost(WAIT).until(() -> limited.get("/api/health").status() == 200);
        assertThat(admin.post(
                                "/api/servers/tools",
                                "{\"server_name\":\"everything\",\"tool\":\"echo\","
                                        + "\"arguments\":{\"message\":\"counted\"}}")
                        .status())
                .isEqualTo(200);

        JsonNode all = admin.get("/api/health").json();
        JsonNode mine = limited.get("/api/health").json();
        assertThat(Json.elements(all.path("servers")))
                .extracting(s -> s.path("name").asString())
                .contains("everything", "memory");
        assertThat(Json.elements(mine.path("servers")))
                .extracting(s -> s.path("name").asString())
                .containsExactly("memory");
        JsonNode memory = Json.elements(limited.get("/api/servers").json().path("servers"))
                .getFirst();
        int memoryItems = 0;
        for (String kind : List.of("tools", "resources", "resourceTemplates", "prompts")) {
            memoryItems += memory.path("capabilities").path(kind).size();
        }
        assertThat(mine.at("/mcpEndpoint/totalCapabilities").asInt()).isEqualTo(memoryItems);
        assertThat(all.at("/mcpEndpoint/totalCapabilities").asInt()).isGreaterThan(memoryItems);
        assertThat(mine.toString()).doesNotContain("everything");

        JsonNode stats = limited.get("/api/stats").json();
        assertThat(admin.get("/api/stats").json().path("servers").has("everything"))
                .isTrue();
        assertThat(stats.path("servers").has("everything")).isFalse();
        assertThat(stats.at("/mcp/totalCapabilities").asInt()).isEqualTo(memoryItems);
    }

    @Test
    @Order(4)
    void aKeyRevokedWhileItsSessionIsOpenIsRefusedOnTheNextCall() throws Exception {
        String key = KeysCli.create(home, "short-lived", "--scope", "call");
        keys.add(key);
        Authed client = new Authed(hub, key);
        await().atMost(WAIT).until(() -> client.get("/api/servers").status() == 200);
        String session = client.initialize("/mcp");
        assertThat(rpc(client.mcp("/mcp", session, ECHO))
                        .path("result")
                        .path("content")
                        .path(0)
                        .path("text")
                        .asString())
                .isEqualTo("Echo: hello");
        AtomicBoolean streamEnded = new AtomicBoolean();
        HttpResponse<InputStream> events = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(hub.url("/api/events")))
                                .header("Authorization", "Bearer " + key)
                                .header("Accept", "text/event-stream")
                                .timeout(Duration.ofSeconds(60))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        assertThat(events.statusCode()).isEqualTo(200);
        Thread.ofVirtual().start(() -> {
            try (InputStream in = events.body()) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // cut: ended all the same
            }
            streamEnded.set(true);
        });
        KeysCli.Result revoked = KeysCli.run(home, "revoke", "short-lived");
        assertThat(revoked.exit()).isZero();
        // "Within a second"; the guard is generous so that a loaded machine does not fail the test.
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> client.mcp("/mcp", session, ECHO).status() == 401);
        HubProcess.Reply refused = client.mcp("/mcp", session, ECHO);
        assertThat(refused.headers().get("www-authenticate").getFirst()).contains("invalid_token");
        assertThat(KeysCli.run(home, "revoke", "short-lived").exit()).isEqualTo(1);
        // The event stream it opened before is cut too.
        await().atMost(Duration.ofSeconds(10)).untilTrue(streamEnded);
    }

    @Test
    @Order(5)
    void aBrowserEventSourceOpensTheStreamWithASingleUseTicket() throws Exception {
        assertThat(SseReaderStatus.of(hub.url("/api/events"))).isEqualTo(401);
        HubProcess.Reply issued = admin.post("/api/auth/ticket", "");
        assertThat(issued.status()).isEqualTo(200);
        String ticket = issued.json().path("ticket").asString();
        assertThat(ticket).doesNotStartWith("mcphub_");
        try (SseReader events = SseReader.open(hub.url("/api/events?ticket=" + ticket), Map.of())) {
            assertThat(events.status()).isEqualTo(200);
            events.awaitEvent(SseReader.named("hub_state"), WAIT);
        }
        assertThat(SseReaderStatus.of(hub.url("/api/events?ticket=" + ticket))).isEqualTo(401);
        assertThat(new Authed(hub, ticket).get("/api/servers").status()).isEqualTo(401);
        JsonNode whoami = admin.get("/api/auth/whoami").json();
        assertThat(whoami.path("who").asString()).isEqualTo("key:ops");
        assertThat(Json.elements(whoami.path("scopes")))
                .extracting(JsonNode::asString)
                .contains("admin");
    }

    @Test
    @Order(6)
    void callsAdminActionsAndRefusalsAreAuditedWithoutPayloads() throws Exception {
        JsonNode entries = admin.get("/api/audit?server=everything").json().path("entries");
        List<JsonNode> all = Json.elements(entries);
        assertThat(all).anySatisfy(e -> {
            assertThat(e.path("who").asString()).isEqualTo("key:short-lived");
            assertThat(e.path("outcome").asString()).isEqualTo("ok");
            assertThat(e.path("item").asString()).isEqualTo("echo");
        });
        assertThat(all).anySatisfy(e -> {
            assertThat(e.path("who").asString()).isEqualTo("key:memory-only");
            assertThat(e.path("outcome").asString()).isEqualTo("denied");
        });
        assertThat(entries.toString()).doesNotContain("hello");
        assertThat(Json.elements(
                        admin.get("/api/audit?who=key:reader&since=1h").json().path("entries")))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.path("who").asString()).isEqualTo("key:reader"));
        assertThat(admin.get("/api/audit?since=yesterday").status()).isEqualTo(400);
        HubProcess.Reply stop = admin.post("/api/servers/stop", "{\"server_name\":\"memory\"}");
        assertThat(stop.status()).isEqualTo(200);
        assertThat(Json.elements(
                        admin.get("/api/audit?server=memory&who=key:ops").json().path("entries")))
                .anySatisfy(e -> assertThat(e.path("action").asString()).isEqualTo("POST /api/servers/stop"));
        for (int i = 0; i < 5; i++) {
            new Authed(hub, "mcphub_wrong" + i).get("/api/servers");
        }
        List<JsonNode> failures =
                Json.elements(admin.get("/api/audit?who=127.0.0.1").json().path("entries"));
        assertThat(failures).isNotEmpty().hasSizeLessThan(5);
        assertThat(failures.getFirst().path("outcome").asString()).isEqualTo("failed_sign_in");
        Path file = home.resolve("state/mcp-hub/audit/audit.jsonl");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    @Order(7)
    void noKeyAppearsInLogsApiAnswersAuditOrTheStateDirectory() throws Exception {
        answers.add(admin.get("/api/audit").body());
        answers.add(admin.get("/api/servers").body());
        answers.add(admin.get("/api/health").body());
        List<String> places = new ArrayList<>(answers);
        places.add(String.join("\n", hub.stderr()));
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try {
                    places.add(Files.readString(file, StandardCharsets.ISO_8859_1));
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a lock file that went away
                }
            }
        }
        assertThat(keys).hasSizeGreaterThanOrEqualTo(5);
        for (String key : keys) {
            for (String place : places) {
                assertThat(place).doesNotContain(key);
            }
        }
    }

    /** The JSON-RPC answer of a POST, whether sent as JSON or as one SSE event. */
    static JsonNode rpc(HubProcess.Reply reply) {
        String body = reply.body().trim();
        if (body.startsWith("{")) {
            return Json.parse(body);
        }
        for (String line : body.split("\n")) {
            if (line.startsWith("data:")) {
                return Json.parse(line.substring(5).trim());
            }
        }
        throw new AssertionError("no JSON-RPC answer in " + reply.status() + ": " + body);
    }

    /** The status of a GET to an event stream, closing it at once. */
    private static final class SseReaderStatus {
        static int of(String url) throws Exception {
            try (SseReader reader = SseReader.open(url, Map.of())) {
                return reader.status();
            }
        }
    }
}
