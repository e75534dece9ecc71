package dev.mcphub.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.json.Json;
import dev.mcphub.mcp.TsClient.Transport;
import dev.mcphub.testing.HubProcess;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.ResourceContents;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Routing both ways through {@code /mcp} and {@code /servers/<name>/mcp}: progress back to the request that asked
 * for it, cancellation to the upstream, list changes (REST stop and start, and the upstream's own), resource
 * subscriptions and log messages; a server's own endpoint unprefixed. Upstreams: server-everything and a fault
 * server with a slow tool. (The upstreams' own requests: {@link McpServerRequestsIT}.)
 */
class McpRoutingIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final TestHub hub = TestHub.with("everything", Upstreams.everything())
            .and("fault", Upstreams.fault("--slow-tool-ms", "30000", "--prompts", "1", "--resources", "1"))
            .debugLog();

    @Test
    void progressNotificationsReachTheRequestThatAskedForThem() {
        List<JsonNode> lines = TsClient.run(
                hub.url("/mcp"),
                Transport.HTTP,
                List.of(
                        longRunning("two", 2).put("progress", true).put("async", true),
                        longRunning("four", 4).put("progress", true).put("async", true)));

        // The SDK drops a progress notification that it reads together with the response (it handles
        // notifications a microtask later), so the last one may be missing; the others must be there and its own.
        assertThat(progressOf(lines, "two"))
                .isNotEmpty()
                .allMatch(p -> p.path("total").asInt() == 2);
        assertThat(progressOf(lines, "four"))
                .hasSizeGreaterThanOrEqualTo(3)
                .allMatch(p -> p.path("total").asInt() == 4);
        assertThat(progressOf(lines, "four"))
                .extracting(p -> p.path("progress").asInt())
                .isSorted();
        assertThat(TsClient.outcome(lines, "four").at("/result/content/0/text").asString())
                .contains("Steps: 4");

        List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
        McpSyncClient java = JavaClients.streamable(hub.url(""), "/mcp", spec -> spec.progressConsumer(progress::add));
        try {
            java.callTool(CallToolRequest.builder("everything__trigger-long-running-operation")
                    .arguments(Map.of("duration", 1, "steps", 3))
                    .progressToken("java-token")
                    .build());
            await().atMost(WAIT).until(() -> progress.size() == 3);
            assertThat(progress).extracting(ProgressNotification::progressToken).containsOnly("java-token");
        } finally {
            java.closeGracefully();
        }
    }

    @Test
    void everyProgressNotificationComesBeforeTheResultWithTheClientsOwnToken() {
        RawMcp client = RawMcp.open(hub.url("/mcp"));
        ObjectNode params = Json.object().put("name", "everything__trigger-long-running-operation");
        params.putObject("arguments").put("duration", 1).put("steps", 3);
        params.putObject("_meta").put("progressToken", "raw-token");

        List<JsonNode> messages = RawMcp.messages(client.post(client.requestBody("tools/call", params), Map.of()));

        assertThat(messages).hasSize(4);
        assertThat(messages.subList(0, 3))
                .allMatch(message -> message.path("method").asString().equals("notifications/progress"))
                .allMatch(message ->
                        message.at("/params/progressToken").asString().equals("raw-token"))
                .extracting(message -> message.at("/params/progress").asInt())
                .containsExactly(1, 2, 3);
        assertThat(messages.getLast().at("/result/content/0/text").asString()).contains("Steps: 3");
    }

    @Test
    void cancellingARequestCancelsItAtTheUpstream() {
        long cancelledBefore = upstreamCancellations();
        try (TsClient client = TsClient.start("session", hub.url("/mcp"), Transport.HTTP)) {
            client.send(TsClient.call("slow", "fault__slow", Json.object().put("ms", 30_000))
                    .put("abortAfterMs", 300));

            JsonNode outcome = client.outcome("slow");
            assertThat(outcome.path("type").asString()).isEqualTo("error");
            // An error, not the result the server would send after 30 s: the abort ended the call.
            // The client is still there: the upstream hears of it from notifications/cancelled.
            await().atMost(Duration.ofSeconds(5)).until(() -> upstreamCancellations() > cancelledBefore);
            client.finish();
        }
    }

    @Test
    void stoppingAndStartingAServerThroughTheRestApiTellsEverySessionItsListsChanged() {
        List<List<Tool>> toolLists = new CopyOnWriteArrayList<>();
        McpSyncClient java =
                JavaClients.streamable(hub.url(""), "/mcp", spec -> spec.toolsChangeConsumer(toolLists::add));
        try (TsClient ts = TsClient.start("session", hub.url("/mcp"), Transport.HTTP)) {
            ts.send(TsClient.step("ready", "ping", null));
            ts.outcome("ready");

            TestHub.serverCommand(hub.process(), "stop", "fault");

            await().atMost(WAIT).until(() -> !toolLists.isEmpty());
            assertThat(toolNames(toolLists.getLast())).noneMatch(name -> name.startsWith("fault__"));
            for (String kind : List.of("tools", "prompts", "resources")) {
                ts.awaitLine(line -> line.path("method").asString().equals("notifications/" + kind + "/list_changed"));
            }
            assertThat(names(RawMcp.open(hub.url("/mcp")).listAll("tools/list", "tools")))
                    .noneMatch(name -> name.startsWith("fault__"));

            int before = toolLists.size();
            TestHub.serverCommand(hub.process(), "start", "fault");

            await().atMost(WAIT).until(() -> toolLists.size() > before);
            assertThat(toolNames(toolLists.getLast())).contains("fault__echo", "fault__slow");
            await().atMost(WAIT)
                    .until(() -> TsClient.ofType(ts.lines(), "notification").stream()
                                    .filter(line ->
                                            line.path("method").asString().equals("notifications/tools/list_changed"))
                                    .count()
                            == 2);
        } finally {
            java.closeGracefully();
        }
    }

    @Test
    void anUpstreamsOwnListChangeReachesTheClientsOfBothEndpoints() {
        List<List<Tool>> toolLists = new CopyOnWriteArrayList<>();
        McpSyncClient java =
                JavaClients.streamable(hub.url(""), "/mcp", spec -> spec.toolsChangeConsumer(toolLists::add));
        try (TsClient single = TsClient.start("session", hub.url("/servers/fault/mcp"), Transport.HTTP)) {
            single.send(TsClient.step("ready", "ping", null));
            single.outcome("ready");

            java.callTool(CallToolRequest.builder("fault__add_tool")
                    .arguments(Map.of("name", "added_by_test"))
                    .build());

            await().atMost(WAIT)
                    .until(() ->
                            toolLists.stream().anyMatch(list -> toolNames(list).contains("fault__added_by_test")));
            CallToolResult added = java.callTool(
                    CallToolRequest.builder("fault__added_by_test").build());
            assertThat(text(added)).isEqualTo("added_by_test called");
            single.awaitLine(line -> line.path("method").asString().equals("notifications/tools/list_changed"));
            single.send(TsClient.step("tools", "listTools", null));
            assertThat(names(Json.elements(single.outcome("tools").at("/result/tools"))))
                    .contains("added_by_test");
            single.finish();
        } finally {
            java.closeGracefully();
        }
    }

    @Test
    void subscribersGetResourceUpdatesUnderTheirOwnUrisAndOthersDoNot() {
        List<String> updated = new CopyOnWriteArrayList<>();
        List<String> notSubscribed = new CopyOnWriteArrayList<>();
        String uri = "everything__demo://resource/dynamic/text/1";
        McpSyncClient bystander = JavaClients.streamable(
                hub.url(""),
                "/mcp",
                spec -> spec.resourcesUpdateConsumer(
                        contents -> contents.stream().map(ResourceContents::uri).forEach(notSubscribed::add)));
        try (TsClient subscriber = TsClient.start("session", hub.url("/mcp"), Transport.HTTP)) {
            subscriber.send(
                    TsClient.step("sub", "subscribeResource", Json.object().put("uri", uri)));
            subscriber.send(TsClient.call("on", "everything__toggle-subscriber-updates", Json.object()));

            JsonNode update = subscriber.awaitLine(
                    line -> line.path("method").asString().equals("notifications/resources/updated"));
            assertThat(update.at("/params/uri").asString()).isEqualTo(uri);

            subscriber.send(TsClient.call("off", "everything__toggle-subscriber-updates", Json.object()));
            subscriber.send(
                    TsClient.step("unsub", "unsubscribeResource", Json.object().put("uri", uri)));
            assertThat(subscriber.outcome("unsub").path("type").asString()).isEqualTo("result");
            subscriber.finish();
            assertThat(notSubscribed).isEmpty();
        } finally {
            bystander.closeGracefully();
        }
    }

    @Test
    void subscriptionsOutliveARestartOfTheServer() {
        String uri = "everything__demo://resource/dynamic/text/9";
        try (TsClient subscriber = TsClient.start("session", hub.url("/mcp"), Transport.HTTP)) {
            subscriber.send(
                    TsClient.step("sub", "subscribeResource", Json.object().put("uri", uri)));
            subscriber.outcome("sub");

            TestHub.serverCommand(hub.process(), "stop", "everything");
            TestHub.serverCommand(hub.process(), "start", "everything");
            subscriber.send(TsClient.call("on", "everything__toggle-subscriber-updates", Json.object()));

            JsonNode update = subscriber.awaitLine(
                    line -> line.path("method").asString().equals("notifications/resources/updated"));
            assertThat(update.at("/params/uri").asString()).isEqualTo(uri);
            subscriber.send(TsClient.call("off", "everything__toggle-subscriber-updates", Json.object()));
            subscriber.finish();
        }
    }

    @Test
    void logMessagesPassThroughAtTheLevelTheClientAskedFor() {
        String uri = "everything__demo://resource/dynamic/text/2";
        List<JsonNode> lines = TsClient.run(
                hub.url("/mcp"),
                Transport.HTTP,
                List.of(
                        TsClient.step("quiet", "setLoggingLevel", Json.object().put("level", "error")),
                        TsClient.step(
                                "unsub", "unsubscribeResource", Json.object().put("uri", uri)),
                        TsClient.step(
                                "verbose", "setLoggingLevel", Json.object().put("level", "info")),
                        TsClient.step("sub", "subscribeResource", Json.object().put("uri", uri)),
                        TsClient.step("wait", "sleep", Json.object().put("ms", 1000))));

        List<String> logged = TsClient.ofType(lines, "notification").stream()
                .filter(line -> line.path("method").asString().equals("notifications/message"))
                .map(line -> line.at("/params/level").asString() + " "
                        + line.at("/params/logger").asString() + ": "
                        + line.at("/params/data").asString())
                .toList();
        // Messages reach a session in order, so the info message of the unsubscribe, sent while the session asked
        // for errors only, would have come before the one of the subscribe.
        assertThat(logged)
                .anyMatch(line ->
                        line.startsWith("info everything: Received Subscribe Resource request for URI: demo://"))
                .noneMatch(line -> line.contains("Unsubscribe"));
    }

    @Test
    void aServersOwnEndpointShowsItUnprefixedAndAsItIs() {
        List<String> aggregate = names(RawMcp.open(hub.url("/mcp")).listAll("tools/list", "tools")).stream()
                .filter(name -> name.startsWith("everything__"))
                .map(name -> name.substring("everything__".length()))
                .toList();

        List<JsonNode> lines = TsClient.run(
                hub.url("/servers/everything/mcp"),
                Transport.HTTP,
                List.of(
                        TsClient.step("tools", "listTools", null).put("all", true),
                        TsClient.step("templates", "listResourceTemplates", null)
                                .put("all", true),
                        TsClient.call("echo", "echo", Json.object().put("message", "unprefixed")),
                        TsClient.step(
                                "read", "readResource", Json.object().put("uri", "demo://resource/dynamic/text/3"))));

        JsonNode connected = TsClient.ofType(lines, "connected").getFirst();
        assertThat(connected.path("instructions").asString()).isNotBlank();
        assertThat(connected.at("/capabilities/prompts").isObject()).isTrue();
        assertThat(names(Json.elements(TsClient.outcome(lines, "tools").at("/result/tools"))))
                .isEqualTo(aggregate);
        assertThat(TsClient.outcome(lines, "templates")
                        .at("/result/resourceTemplates/0/uriTemplate")
                        .asString())
                .startsWith("demo://");
        assertThat(TsClient.outcome(lines, "echo").at("/result/content/0/text").asString())
                .isEqualTo("Echo: unprefixed");
        assertThat(TsClient.outcome(lines, "read").at("/result/contents/0/uri").asString())
                .isEqualTo("demo://resource/dynamic/text/3");

        HubProcess.Reply unknown = postInitialize("/servers/no-such-server/mcp");
        assertThat(unknown.status()).isEqualTo(404);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static ObjectNode longRunning(String id, int steps) {
        return TsClient.call(
                id,
                "everything__trigger-long-running-operation",
                Json.object().put("duration", 1).put("steps", steps));
    }

    private static List<JsonNode> progressOf(List<JsonNode> lines, String id) {
        return TsClient.ofType(lines, "progress").stream()
                .filter(line -> line.path("id").asString().equals(id))
                .map(line -> line.get("progress"))
                .toList();
    }

    /** How many cancellations the fault server reported (the hub logs its stderr at debug level). */
    private static long upstreamCancellations() {
        return hub.stderr().stream()
                .filter(line -> line.contains("fault stderr: CANCELLED"))
                .count();
    }

    private static HubProcess.Reply postInitialize(String path) {
        try {
            return hub.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(hub.url(path)))
                    .header("Content-Type", "application/json")
                    .header("Accept", RawMcp.ACCEPT_BOTH)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(new RawMcp(hub.url(path))
                            .requestBody("initialize", Json.object().put("protocolVersion", "2025-11-25")))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(CallToolResult result) {
        return ((TextContent) result.content().getFirst()).text();
    }

    private static List<String> toolNames(List<Tool> tools) {
        return tools.stream().map(Tool::name).toList();
    }

    private static List<String> names(List<JsonNode> items) {
        return items.stream().map(item -> item.path("name").asString()).toList();
    }
}
