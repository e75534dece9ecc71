package dev.mcphub.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.FixtureProcess;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.HubServers;
import dev.mcphub.testing.LoopbackPort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The compatibility suite: every real server of {@link CompatServers} in one hub (started together, as a user's
 * config would), each compared with what the official TypeScript SDK client sees when it talks to the same server
 * directly with the hub's client capabilities. The hub must connect each one, list exactly the server's own items
 * in REST {@code /api/servers} and in {@code /mcp} (there under the documented {@code <server>__} prefix), and pass
 * a harmless call through both where the server can answer one offline.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CompatibilityIT {
    private static final Duration CONNECT = Duration.ofSeconds(180);

    /** A list method, the field of its items in results and in REST capabilities, and its namespaced key. */
    private record Kind(String method, String field, String key) {}

    private static final List<Kind> KINDS = List.of(
            new Kind("tools/list", "tools", "name"),
            new Kind("prompts/list", "prompts", "name"),
            new Kind("resources/list", "resources", "uri"),
            new Kind("resources/templates/list", "resourceTemplates", "uriTemplate"));

    @TempDir
    static Path dir;

    private static List<CompatServer> servers;
    private static final Map<String, Integer> ports = new HashMap<>();
    private static final List<FixtureProcess> launched = new ArrayList<>();
    private static final Map<String, Future<JsonNode>> direct = new HashMap<>();
    private static ExecutorService directClients;
    private static HubProcess hub;
    private static RawMcp mcp;

    static List<CompatServer> servers() {
        return servers;
    }

    static List<CompatServer> serversWithACall() {
        return servers.stream().filter(server -> server.call() != null).toList();
    }

    @BeforeAll
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    static void startEveryServerInOneHubAndEachDirectly() throws Exception {
        Path files = Files.createDirectories(dir.resolve("compat-files"));
        Files.writeString(files.resolve("hello.txt"), "hello");
        servers = CompatServers.all(files);
        for (CompatServer server : servers) {
            if (server.served() != null) {
                int port = LoopbackPort.free();
                ports.put(server.name(), port);
                launched.add(
                        FixtureProcess.start("compat-" + server.name(), server.launch(port), server.launchEnv(port)));
            }
        }
        ports.values().forEach(CompatibilityIT::awaitListening);
        ObjectNode config = Json.object();
        ObjectNode entries = config.putObject("mcpServers");
        servers.forEach(server -> entries.set(server.name(), server.hubEntry(port(server))));
        Path file = Files.writeString(dir.resolve("compat-servers.json"), Json.text(config));
        hub = HubProcess.builder(dir).config(file).args("--no-marketplace").start();
        // The direct clients run while the hub connects; three at a time, for a 2-core machine.
        directClients = Executors.newFixedThreadPool(3);
        servers.forEach(server -> direct.put(
                server.name(), directClients.submit(() -> DirectClient.observe(server.directSpec(port(server))))));
        hub.awaitReady(CONNECT);
        mcp = RawMcp.open(hub.url("/mcp"));
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        if (directClients != null) {
            directClients.shutdownNow();
        }
        TestHub.closeQuietly(hub);
        launched.forEach(FixtureProcess::close);
    }

    @ParameterizedTest(name = "{0} connects through the hub")
    @MethodSource("servers")
    void theServerConnectsThroughTheHub(CompatServer server) throws Exception {
        awaitConnected(server);
        JsonNode own = own(server);
        assertThat(own.path("tools"))
                .as("the server lists tools to a direct client")
                .isNotEmpty();
        JsonNode status = HubServers.status(hub, server.name());
        assertThat(status.path("serverInfo").path("name").asString())
                .isEqualTo(own.path("serverInfo").path("name").asString());
        assertThat(status.path("error").isNull() || status.path("error").isMissingNode())
                .as("error of %s: %s", server, status.path("error"))
                .isTrue();
    }

    @ParameterizedTest(name = "{0}: REST lists what a direct client lists")
    @MethodSource("servers")
    void restCapabilitiesAreTheServersOwnLists(CompatServer server) throws Exception {
        awaitConnected(server);
        JsonNode own = own(server);
        JsonNode capabilities = HubServers.status(hub, server.name()).path("capabilities");
        for (Kind kind : KINDS) {
            assertThat(capabilities.path(kind.field()))
                    .as("%s of %s in /api/servers", kind.field(), server)
                    .isEqualTo(own.get(kind.field()));
        }
    }

    @ParameterizedTest(name = "{0}: /mcp lists what a direct client lists, under the server''s prefix")
    @MethodSource("servers")
    void mcpListsAreTheServersOwnListsUnderItsPrefix(CompatServer server) throws Exception {
        awaitConnected(server);
        JsonNode own = own(server);
        String prefix = server.id() + "__";
        for (Kind kind : KINDS) {
            List<JsonNode> ownItems = Json.elements(own.get(kind.field()));
            List<String> ownKeys = ownItems.stream()
                    .map(item -> item.path(kind.key()).asString())
                    .toList();
            List<JsonNode> viaHub = mcp.listAll(kind.method(), kind.field()).stream()
                    .filter(item -> CompatLists.belongsTo(
                            servers, server, item.path(kind.key()).asString(), ownKeys))
                    .toList();
            if (kind.key().equals("name")) {
                assertThat(viaHub)
                        .allSatisfy(
                                item -> assertThat(item.path("name").asString()).startsWith(prefix));
            }
            assertThat(viaHub.stream()
                            .map(item -> CompatLists.withoutPrefix(item, prefix))
                            .toList())
                    .as("%s of %s through /mcp", kind.field(), server)
                    .isEqualTo(ownItems);
        }
    }

    @ParameterizedTest(name = "{0}: {0}''s harmless call works through /mcp and REST")
    @MethodSource("serversWithACall")
    void aHarmlessCallWorksThroughMcpAndRest(CompatServer server) throws Exception {
        awaitConnected(server);
        CompatServer.Call call = server.call();
        assertThat(CompatLists.texts(own(server).path("call").path("result")))
                .as("the direct call (a check of the expectation itself)")
                .contains(call.expectedText());
        JsonNode viaMcp = mcp.callTool(server.id() + "__" + call.tool(), call.arguments());
        assertThat(viaMcp.path("isError").asBoolean(false))
                .as("/mcp result %s", viaMcp)
                .isFalse();
        assertThat(CompatLists.texts(viaMcp)).contains(call.expectedText());
        ObjectNode body = Json.object().put("server_name", server.name()).put("tool", call.tool());
        body.set("arguments", call.arguments());
        HubProcess.Reply rest = hub.post("/api/servers/tools", Json.text(body));
        assertThat(rest.status()).as("REST call: %s", rest.body()).isEqualTo(200);
        JsonNode viaRest = rest.json().path("result");
        assertThat(viaRest.path("isError").asBoolean(false))
                .as("REST result %s", viaRest)
                .isFalse();
        assertThat(CompatLists.texts(viaRest)).contains(call.expectedText());
    }

    @Test
    void theOfficialSdkClientReadsTheWholeMergedCatalogueThroughMcp() {
        servers.forEach(CompatibilityIT::awaitConnected);
        List<JsonNode> lines;
        String stderr;
        try (TsClient client = TsClient.start("catalog", hub.url("/mcp"), TsClient.Transport.HTTP)) {
            lines = client.finish();
            stderr = client.stderr();
        }
        assertThat(lines)
                .as("the SDK client's output; its stderr: %s", stderr.substring(0, Math.min(2000, stderr.length())))
                .anySatisfy(line -> assertThat(line.path("type").asString()).isEqualTo("closed"));
        assertThat(TsClient.ofType(lines, "error"))
                .as("errors of the SDK client")
                .isEmpty();
        for (Kind kind : KINDS) {
            String op = "list" + Character.toUpperCase(kind.field().charAt(0))
                    + kind.field().substring(1);
            JsonNode items = TsClient.outcome(lines, op).path("result").path(kind.field());
            assertThat(Json.elements(items))
                    .as("%s as the SDK client parsed them", kind.field())
                    .isEqualTo(mcp.listAll(kind.method(), kind.field()));
        }
    }

    private static JsonNode own(CompatServer server) throws Exception {
        return direct.get(server.name()).get(CONNECT.toSeconds(), TimeUnit.SECONDS);
    }

    private static void awaitConnected(CompatServer server) {
        try {
            HubServers.awaitStatus(hub, server.name(), "connected", CONNECT);
        } catch (RuntimeException e) {
            JsonNode status;
            try {
                status = HubServers.status(hub, server.name());
            } catch (Exception inner) {
                status = Json.tree(inner.toString());
            }
            throw new AssertionError(server + " did not connect: " + status, e);
        }
    }

    private static int port(CompatServer server) {
        return ports.getOrDefault(server.name(), 0);
    }

    private static void awaitListening(int port) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }
}
