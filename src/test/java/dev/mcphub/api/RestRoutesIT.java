package dev.mcphub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.fixtures.FaultServer;
import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.ServersJson;
import dev.mcphub.testing.SseReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every REST route's success shape, against one hub with the real npm servers (everything, memory, filesystem)
 * and a fault fixture that the start/stop tests may turn off and on without disturbing the others.
 */
class RestRoutesIT {
    private static final List<String> SERVERS = List.of("everything", "memory", "filesystem", "spare");

    @TempDir
    static Path dir;

    static Path config;
    static Path files;
    static HubProcess hub;

    @BeforeAll
    static void startHub() throws Exception {
        files = Files.createDirectories(dir.resolve("files"));
        Files.writeString(files.resolve("hello.txt"), "hello from the filesystem server\n");
        config = ServersJson.create()
                .stdio("everything", Fixtures.npmServer("server-everything"))
                .described("everything", "Everything", "The reference test server")
                .stdio(
                        "memory",
                        Fixtures.npmServer("server-memory"),
                        Map.of("MEMORY_FILE_PATH", dir.resolve("memory.jsonl").toString()))
                .stdio("filesystem", Fixtures.npmServer("server-filesystem", files.toString()))
                .stdio("spare", Fixtures.javaCommand(FaultServer.class, "--name", "spare-server"))
                .write(dir.resolve("servers.json"));
        hub = HubProcess.builder(dir).config(config).start().awaitReady(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopHub() throws Exception {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void healthReportsTheHubItsServersItsClientsAndItsEndpoints() throws Exception {
        try (SseReader client = SseReader.open(hub.url("/api/events"), Map.of())) {
            client.awaitEvent(SseReader.named("hub_state"), Duration.ofSeconds(5));
            JsonNode health = ok(hub.get("/api/health"));

            assertThat(health.get("status").asString()).isEqualTo("ok");
            assertThat(health.get("state").asString()).isEqualTo("ready");
            assertThat(health.get("server_id").asString()).isEqualTo("mcp-hub");
            assertThat(health.get("version").asString()).matches("\\d+\\.\\d+\\.\\d+.*");
            assertThat(health.get("activeClients").asInt()).isEqualTo(1);
            assertTimestamp(health.get("timestamp"));
            assertThat(health.get("servers"))
                    .extracting(s -> s.get("name").asString())
                    .containsExactlyElementsOf(SERVERS);

            JsonNode connections = health.get("connections");
            assertThat(connections.get("totalConnections").asInt()).isEqualTo(1);
            JsonNode connection = connections.get("connections").get(0);
            assertThat(connection.get("id").asString()).isNotBlank();
            assertThat(connection.get("state").asString()).isEqualTo("connected");
            assertTimestamp(connection.get("connectedAt"));
            assertTimestamp(connection.get("lastEventAt"));

            JsonNode endpoint = health.get("mcpEndpoint");
            assertThat(endpoint.get("activeClients").asInt()).isZero();
            JsonNode registered = endpoint.get("registeredCapabilities");
            int total = 0;
            for (String kind : List.of("tools", "resources", "resourceTemplates", "prompts")) {
                int offered = 0;
                for (JsonNode server : health.get("servers")) {
                    offered += server.get("capabilities").get(kind).size();
                }
                assertThat(registered.get(kind).asInt()).as(kind).isEqualTo(offered);
                total += offered;
            }
            assertThat(endpoint.get("totalCapabilities").asInt()).isEqualTo(total);

            assertThat(health.at("/workspaces/current").asString()).isEqualTo(String.valueOf(hub.port()));
            assertThat(health.at("/workspaces/allActive").isObject()).isTrue();
        }
    }

    @Test
    void aServerStatusHasEveryFieldOfTheReference() throws Exception {
        JsonNode everything = ok(hub.get("/api/health")).get("servers").get(0);

        assertThat(fieldNames(everything))
                .as("the reference's fields, in its order, before the hub's own")
                .startsWith(
                        "name",
                        "displayName",
                        "description",
                        "transportType",
                        "status",
                        "error",
                        "capabilities",
                        "uptime",
                        "lastStarted",
                        "authorizationUrl",
                        "serverInfo",
                        "config_source");
        assertThat(everything.get("name").asString()).isEqualTo("everything");
        assertThat(everything.get("displayName").asString()).isEqualTo("Everything");
        assertThat(everything.get("description").asString()).isEqualTo("The reference test server");
        assertThat(everything.get("transportType").asString()).isEqualTo("stdio");
        assertThat(everything.get("status").asString()).isEqualTo("connected");
        assertThat(everything.get("error").isNull()).isTrue();
        assertThat(everything.at("/capabilities/tools"))
                .extracting(tool -> tool.get("name").asString())
                .contains("echo", "get-sum");
        assertThat(everything.at("/capabilities/tools/0/inputSchema/type").asString())
                .isEqualTo("object");
        assertThat(everything.at("/capabilities/resources"))
                .extracting(resource -> resource.get("uri").asString())
                .contains("demo://resource/static/document/architecture.md");
        assertThat(everything.at("/capabilities/resourceTemplates"))
                .extracting(template -> template.get("uriTemplate").asString())
                .contains("demo://resource/dynamic/text/{resourceId}");
        assertThat(everything.at("/capabilities/prompts"))
                .extracting(prompt -> prompt.get("name").asString())
                .contains("simple-prompt", "args-prompt");
        assertThat(everything.get("uptime").isIntegralNumber()).isTrue();
        assertThat(everything.get("uptime").asLong()).isNotNegative();
        assertThat(Instant.parse(everything.get("lastStarted").asString())).isBefore(Instant.now());
        assertThat(everything.get("authorizationUrl").isNull()).isTrue();
        assertThat(everything.at("/serverInfo/name").asString()).isEqualTo("mcp-servers/everything");
        assertThat(everything.at("/serverInfo/version").asString()).isNotBlank();
        assertThat(everything.get("config_source").asString()).isEqualTo(config.toString());
        long pid = everything.get("pid").asLong();
        assertThat(hub.process().descendants())
                .anySatisfy(child -> assertThat(child.pid()).isEqualTo(pid));
    }

    @Test
    void aServerWithoutNameOrDescriptionIsShownByItsKey() throws Exception {
        JsonNode memory = ok(hub.post("/api/servers/info", "{\"server_name\":\"memory\"}"))
                .get("server");

        assertThat(memory.get("displayName").asString()).isEqualTo("memory");
        assertThat(memory.get("description").isNull()).isTrue();
        assertThat(memory.at("/serverInfo/name").asString()).isEqualTo("memory-server");
    }

    @Test
    void serversListsEveryServerInConfigOrderWithATimestamp() throws Exception {
        JsonNode body = ok(hub.get("/api/servers"));

        assertThat(body.get("servers"))
                .extracting(s -> s.get("name").asString())
                .containsExactlyElementsOf(SERVERS);
        assertThat(body.get("servers"))
                .allSatisfy(s -> assertThat(s.has("capabilities")).isTrue());
        assertTimestamp(body.get("timestamp"));
    }

    @Test
    void infoReturnsTheStatusOfOneServer() throws Exception {
        JsonNode body = ok(hub.post("/api/servers/info", "{\"server_name\":\"filesystem\"}"));

        assertThat(body.at("/server/name").asString()).isEqualTo("filesystem");
        assertThat(body.at("/server/status").asString()).isEqualTo("connected");
        assertThat(body.at("/server/capabilities/tools"))
                .extracting(tool -> tool.get("name").asString())
                .contains("read_text_file", "list_directory");
        assertTimestamp(body.get("timestamp"));
    }

    @Test
    void refreshFetchesOneServersListsAgain() throws Exception {
        JsonNode body = ok(hub.post("/api/servers/refresh", "{\"server_name\":\"memory\"}"));

        assertThat(body.get("status").asString()).isEqualTo("ok");
        assertThat(body.at("/server/name").asString()).isEqualTo("memory");
        assertThat(body.at("/server/capabilities/tools"))
                .extracting(tool -> tool.get("name").asString())
                .contains("create_entities", "read_graph");
        assertTimestamp(body.get("timestamp"));
    }

    @Test
    void getRefreshFetchesEveryServersListsAgain() throws Exception {
        JsonNode body = ok(hub.get("/api/refresh"));

        assertThat(body.get("status").asString()).isEqualTo("ok");
        assertThat(body.get("servers"))
                .extracting(s -> s.get("name").asString())
                .containsExactlyElementsOf(SERVERS);
        assertThat(body.get("servers").get(0).at("/capabilities/tools").size()).isPositive();
        assertTimestamp(body.get("timestamp"));
    }

    @Test
    void aToolOfEachNpmServerCanBeCalled() throws Exception {
        JsonNode sum = ok(hub.post(
                "/api/servers/tools",
                "{\"server_name\":\"everything\",\"tool\":\"get-sum\",\"arguments\":{\"a\":2,\"b\":3}}"));
        assertThat(sum.at("/result/content/0/text").asString()).isEqualTo("The sum of 2 and 3 is 5.");
        assertThat(sum.at("/result/isError").asBoolean(false)).isFalse();
        assertTimestamp(sum.get("timestamp"));

        ok(hub.post("/api/servers/tools", """
                {"server_name":"memory","tool":"create_entities","arguments":{"entities":[
                  {"name":"Ada","entityType":"person","observations":["wrote the first program"]}]}}"""));
        JsonNode graph = ok(hub.post("/api/servers/tools", "{\"server_name\":\"memory\",\"tool\":\"read_graph\"}"));
        assertThat(graph.at("/result/content/0/text").asString()).contains("Ada", "wrote the first program");

        JsonNode file = ok(hub.post(
                "/api/servers/tools",
                Json.text(Json.object()
                        .put("server_name", "filesystem")
                        .put("tool", "read_text_file")
                        .set(
                                "arguments",
                                Json.object()
                                        .put("path", files.resolve("hello.txt").toString())))));
        assertThat(file.at("/result/content/0/text").asString()).isEqualTo("hello from the filesystem server\n");
    }

    @Test
    void aToolErrorIsAnOkAnswerWithIsError() throws Exception {
        JsonNode body = ok(hub.post(
                "/api/servers/tools",
                "{\"server_name\":\"everything\",\"tool\":\"get-sum\",\"arguments\":{\"a\":\"two\",\"b\":3}}"));

        assertThat(body.at("/result/isError").asBoolean()).isTrue();
        assertThat(body.at("/result/content/0/text").asString()).contains("get-sum");
    }

    @Test
    void aResourceAndATemplateExpandedResourceCanBeRead() throws Exception {
        JsonNode fixed = ok(hub.post(
                "/api/servers/resources",
                "{\"server_name\":\"everything\",\"uri\":\"demo://resource/static/document/architecture.md\"}"));
        assertThat(fixed.at("/result/contents/0/uri").asString())
                .isEqualTo("demo://resource/static/document/architecture.md");
        assertThat(fixed.at("/result/contents/0/text").asString()).isNotBlank();

        JsonNode expanded = ok(hub.post(
                "/api/servers/resources",
                "{\"server_name\":\"everything\",\"uri\":\"demo://resource/dynamic/text/7\"}"));
        assertThat(expanded.at("/result/contents/0/uri").asString()).isEqualTo("demo://resource/dynamic/text/7");
        assertThat(expanded.at("/result/contents/0/text").asString()).startsWith("Resource 7:");
        assertTimestamp(expanded.get("timestamp"));
    }

    @Test
    void aPromptIsRenderedWithItsArguments() throws Exception {
        JsonNode body = ok(hub.post(
                "/api/servers/prompts",
                "{\"server_name\":\"everything\",\"prompt\":\"args-prompt\",\"arguments\":{\"city\":\"Paris\","
                        + "\"state\":\"Texas\"}}"));

        assertThat(body.at("/result/messages/0/role").asString()).isEqualTo("user");
        assertThat(body.at("/result/messages/0/content/text").asString()).isEqualTo("What's weather in Paris, Texas?");
        assertTimestamp(body.get("timestamp"));
    }

    @Test
    void stopThenStartDisconnectsAndReconnectsAServer() throws Exception {
        JsonNode stopped = ok(hub.post("/api/servers/stop?disable=false", "{\"server_name\":\"spare\"}"));
        assertThat(stopped.get("status").asString()).isEqualTo("ok");
        assertThat(stopped.at("/server/status").asString()).isEqualTo("disconnected");
        assertThat(stopped.at("/server/error").isNull())
                .as("a stop is not an error")
                .isTrue();
        assertThat(stopped.at("/server/capabilities/tools").size()).isZero();
        assertThat(status("spare")).isEqualTo("disconnected");

        JsonNode started = ok(hub.post("/api/servers/start", "{\"server_name\":\"spare\"}"));
        assertThat(started.get("status").asString()).isEqualTo("ok");
        assertThat(started.at("/server/status").asString()).isEqualTo("connected");
        assertThat(started.at("/server/serverInfo/name").asString()).isEqualTo("spare-server");
        assertThat(started.at("/server/capabilities/tools"))
                .extracting(tool -> tool.get("name").asString())
                .containsExactly("echo", "add_tool", "fail");
        assertTimestamp(started.get("timestamp"));
    }

    @Test
    void stopWithDisableMarksTheServerDisabledUntilStarted() throws Exception {
        JsonNode disabled = ok(hub.post("/api/servers/stop?disable=true", "{\"server_name\":\"spare\"}"));
        assertThat(disabled.at("/server/status").asString()).isEqualTo("disabled");
        assertThat(status("spare")).isEqualTo("disabled");

        JsonNode started = ok(hub.post("/api/servers/start", "{\"server_name\":\"spare\"}"));
        assertThat(started.at("/server/status").asString()).isEqualTo("connected");
        assertThat(status("spare")).isEqualTo("connected");
    }

    @Test
    void startingAConnectedServerLeavesItConnected() throws Exception {
        JsonNode started = ok(hub.post("/api/servers/start", "{\"server_name\":\"memory\"}"));

        assertThat(started.at("/server/status").asString()).isEqualTo("connected");
        assertThat(started.at("/server/uptime").asLong()).isNotNegative();
    }

    private static String status(String server) throws Exception {
        for (JsonNode view : ok(hub.get("/api/servers")).get("servers")) {
            if (view.get("name").asString().equals(server)) {
                return view.get("status").asString();
            }
        }
        throw new AssertionError("no server " + server);
    }

    static JsonNode ok(HubProcess.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().get("content-type"))
                .anySatisfy(type -> assertThat(type).startsWith("application/json"));
        return reply.json();
    }

    static void assertTimestamp(JsonNode value) {
        assertThat(value).as("timestamp").isNotNull();
        assertThat(Instant.parse(value.asString())).isBetween(Instant.now().minusSeconds(120), Instant.now());
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        return names;
    }
}
