package dev.mcphub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.json.Json;
import dev.mcphub.mcp.TsClient.Transport;
import dev.mcphub.testing.HubProcess;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The aggregate endpoint {@code /mcp} over real servers (server-everything, server-memory, server-filesystem, the
 * conformance fixture and two paginating fault servers): every list is each server's own list, namespaced and
 * otherwise unchanged, in config order, in pages; calls, reads, prompts and completions reach the owning server and
 * come back unchanged. The hub's page size is 10 here, so every client walks several pages.
 */
class McpAggregationIT {
    private static final int PAGE_SIZE = 10;
    /** Config order, with each server's id in namespaced names. */
    private static final Map<String, String> IDS = new LinkedHashMap<>();

    static {
        IDS.put("everything", "everything");
        IDS.put("memory", "memory");
        IDS.put("file-system", "file_system");
        IDS.put("conformance", "conformance");
        IDS.put("paged-fault", "paged_fault");
        IDS.put("paged.fault", "paged_fault_1"); // same sanitized name: the later one gets a suffix
    }

    /** A list method, the field of its items, and the field that is namespaced. */
    private record Kind(String method, String field, String key) {}

    private static final List<Kind> KINDS = List.of(
            new Kind("tools/list", "tools", "name"),
            new Kind("prompts/list", "prompts", "name"),
            new Kind("resources/list", "resources", "uri"),
            new Kind("resources/templates/list", "resourceTemplates", "uriTemplate"));

    @TempDir
    static Path dir;

    private static HubProcess hub;
    private static RawMcp raw;
    private static SideBySide sideBySide;
    private static final Map<String, DirectServer> direct = new LinkedHashMap<>();

    @BeforeAll
    static void startHubAndTheSameServersDirectly() throws Exception {
        Path files = Files.createDirectories(dir.resolve("files"));
        Files.writeString(files.resolve("hello.txt"), "hello from the filesystem");
        Map<String, ObjectNode> servers = new LinkedHashMap<>();
        servers.put("everything", Upstreams.everything());
        servers.put("memory", Upstreams.memory(dir.resolve("memory.jsonl")));
        servers.put("file-system", Upstreams.filesystem(files));
        servers.put("conformance", Upstreams.conformance());
        servers.put(
                "paged-fault",
                Upstreams.fault(
                        "--tools",
                        "23",
                        "--prompts",
                        "11",
                        "--resources",
                        "13",
                        "--page-size",
                        "4",
                        "--name",
                        "paged"));
        servers.put("paged.fault", Upstreams.fault("--tools", "3"));
        TestHub config = new TestHub().pageSize(PAGE_SIZE);
        servers.forEach(config::and);
        try (ExecutorService starting = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<DirectServer>> started = new LinkedHashMap<>();
            servers.forEach((name, entry) -> {
                ObjectNode own = name.equals("memory") ? Upstreams.memory(dir.resolve("direct-memory.jsonl")) : entry;
                started.put(name, starting.submit(() -> DirectServer.start(name, own)));
            });
            hub = config.start(dir);
            for (var entry : started.entrySet()) {
                direct.put(entry.getKey(), entry.getValue().get());
            }
        }
        raw = RawMcp.open(hub.url("/mcp"));
        sideBySide = new SideBySide(raw, direct, IDS);
    }

    @AfterAll
    static void stop() {
        direct.values().forEach(DirectServer::close);
        TestHub.closeQuietly(hub);
    }

    @Test
    void everyListIsTheServersOwnListsInConfigOrderNamespacedAndOtherwiseUnchanged() {
        for (Kind kind : KINDS) {
            List<JsonNode> expected = sideBySide.directListsNamespaced(kind.method(), kind.field(), kind.key());

            List<JsonNode> listed = raw.listAll(kind.method(), kind.field());

            assertThat(listed).as(kind.method()).isNotEmpty().isEqualTo(expected);
            assertThat(raw.listAll(kind.method(), kind.field()))
                    .as("%s a second time", kind.method())
                    .isEqualTo(listed);
        }
    }

    @Test
    void theHealthReportCountsTheEndpointsSessionsAndCapabilities() throws Exception {
        JsonNode before = hub.get("/api/health").json().get("mcpEndpoint");
        RawMcp another = RawMcp.open(hub.url("/mcp"));
        JsonNode during = hub.get("/api/health").json().get("mcpEndpoint");
        another.delete();

        assertThat(during.path("activeClients").asInt())
                .isEqualTo(before.path("activeClients").asInt() + 1);
        int total = 0;
        for (Kind kind : KINDS) {
            int listed = raw.listAll(kind.method(), kind.field()).size();
            assertThat(during.at("/registeredCapabilities/" + kind.field()).asInt())
                    .as(kind.field())
                    .isEqualTo(listed);
            total += listed;
        }
        assertThat(during.path("totalCapabilities").asInt()).isEqualTo(total);
    }

    @Test
    void serverIdsReplaceEveryOtherCharacterThanLettersAndDigitsAndCollisionsGetSuffixes() {
        List<String> tools = names(raw.listAll("tools/list", "tools"), "name");

        assertThat(tools)
                .contains("file_system__read_text_file", "paged_fault__tool_22", "paged_fault_1__tool_2")
                .doesNotContain("paged_fault__tool_23");
        assertThat(names(raw.listAll("resources/list", "resources"), "uri"))
                .contains("paged_fault__fault://resource/12", "conformance__test://static-text");
    }

    @Test
    void listsComeInPagesOfThePageSizeWithOpaqueCursorsThatOnlyFitTheirOwnList() {
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        String firstCursor = null;
        do {
            ObjectNode params = Json.object();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonNode page = raw.result("tools/list", params);
            sizes.add(page.get("tools").size());
            cursor = Json.string(page, "nextCursor");
            firstCursor = firstCursor == null ? cursor : firstCursor;
        } while (cursor != null);

        assertThat(sizes).hasSizeGreaterThan(3);
        assertThat(sizes.subList(0, sizes.size() - 1)).allMatch(size -> size == PAGE_SIZE);
        assertThat(sizes.getLast()).isBetween(1, PAGE_SIZE);
        assertThat(raw.request("tools/list", Json.object().put("cursor", "not-a-cursor"))
                        .at("/error/code")
                        .asInt())
                .isEqualTo(-32602);
        assertThat(raw.request("prompts/list", Json.object().put("cursor", firstCursor))
                        .at("/error/code")
                        .asInt())
                .as("a tools cursor used for prompts")
                .isEqualTo(-32602);
    }

    @Test
    void theTypeScriptClientWalksEveryPageOfEveryListOverStreamableHttp() {
        List<JsonNode> lines = TsClient.catalog(hub.url("/mcp"), Transport.HTTP);

        JsonNode connected = TsClient.ofType(lines, "connected").getFirst();
        assertThat(connected.path("protocolVersion").asString()).isEqualTo("2025-11-25");
        assertThat(connected.path("serverInfo").path("name").asString()).isEqualTo("mcp-hub");
        assertThat(connected
                        .path("capabilities")
                        .path("tools")
                        .path("listChanged")
                        .asBoolean())
                .isTrue();
        for (Kind kind : KINDS) {
            JsonNode result = TsClient.outcome(lines, opOf(kind)).get("result");
            assertThat(names(Json.elements(result.get(kind.field())), kind.key()))
                    .as(kind.method())
                    .isEqualTo(names(raw.listAll(kind.method(), kind.field()), kind.key()));
        }
        assertThat(TsClient.outcome(lines, "listTools").at("/result/pages").size())
                .isGreaterThan(3);
    }

    @Test
    void theJavaClientSeesEveryNamespacedItemOverStreamableHttp() {
        McpSyncClient client = JavaClients.streamable(hub.url(""), "/mcp", spec -> spec);
        try {
            assertThat(client.listTools().tools().stream().map(Tool::name).toList())
                    .isEqualTo(names(raw.listAll("tools/list", "tools"), "name"));
            assertThat(client.listPrompts().prompts().stream().map(Prompt::name).toList())
                    .isEqualTo(names(raw.listAll("prompts/list", "prompts"), "name"));
            assertThat(client.listResources().resources().stream()
                            .map(Resource::uri)
                            .toList())
                    .isEqualTo(names(raw.listAll("resources/list", "resources"), "uri"));
            assertThat(client.listResourceTemplates().resourceTemplates().stream()
                            .map(ResourceTemplate::uriTemplate)
                            .toList())
                    .isEqualTo(names(raw.listAll("resources/templates/list", "resourceTemplates"), "uriTemplate"));
        } finally {
            client.closeGracefully();
        }
    }

    @Test
    void toolResultsWithStructuredOutputImagesAudioLinksAndEmbeddedResourcesComeBackUnchanged() {
        sideBySide.assertSameResult(
                "everything", "get-structured-content", Json.object().put("location", "Chicago"));
        sideBySide.assertSameResult("everything", "get-tiny-image", Json.object());
        sideBySide.assertSameResult(
                "everything",
                "get-annotated-message",
                Json.object().put("messageType", "success").put("includeImage", true));
        sideBySide.assertSameResult(
                "everything", "get-resource-links", Json.object().put("count", 4));
        sideBySide.assertSameResult(
                "everything",
                "get-resource-reference",
                Json.object().put("resourceType", "Text").put("resourceId", 2));
        sideBySide.assertSameResult("conformance", "test_audio_content", Json.object());
        sideBySide.assertSameResult("conformance", "test_embedded_resource", Json.object());
        sideBySide.assertSameResult("conformance", "test_multiple_content_types", Json.object());
        sideBySide.assertSameResult("conformance", "test_error_handling", Json.object());
        sideBySide.assertSameResult("paged.fault", "fail", Json.object());
    }

    @Test
    void theTypeScriptClientValidatesStructuredOutputAgainstTheListedOutputSchema() {
        List<JsonNode> lines = TsClient.run(
                hub.url("/mcp"),
                Transport.HTTP,
                List.of(
                        TsClient.step("list", "listTools", null).put("all", true),
                        TsClient.call(
                                "weather",
                                "everything__get-structured-content",
                                Json.object().put("location", "Los Angeles"))));

        JsonNode weather = TsClient.outcome(lines, "weather");
        assertThat(weather.path("type").asString()).as(weather.toString()).isEqualTo("result");
        assertThat(weather.at("/result/structuredContent"))
                .isEqualTo(Json.parse("{\"temperature\":73,\"conditions\":\"Sunny / Clear\",\"humidity\":48}"));
    }

    @Test
    void templateResourcesPromptsWithArgumentsAndCompletionsReachTheOwningServer() {
        sideBySide.assertSameRead("everything", "demo://resource/dynamic/text/7");
        sideBySide.assertSameRead("everything", "demo://resource/dynamic/blob/3");
        sideBySide.assertSameRead("conformance", "test://template/42/data");
        sideBySide.assertSameRead("conformance", "test://static-binary");
        sideBySide.assertSameRead("paged-fault", "fault://resource/12");

        sideBySide.assertSamePrompt("everything", "args-prompt", args("city", "Paris", "state", "Texas"));
        sideBySide.assertSamePrompt("conformance", "test_prompt_with_arguments", args("arg1", "a", "arg2", "b"));

        ObjectNode department = Json.object().put("name", "department").put("value", "E");
        sideBySide.assertSameCompletion("everything", "ref/prompt", "name", "completable-prompt", department);
        ObjectNode argument = Json.object().put("name", "arg1").put("value", "pa");
        sideBySide.assertSameCompletion("conformance", "ref/prompt", "name", "test_prompt_with_arguments", argument);
        ObjectNode id = Json.object().put("name", "id").put("value", "");
        sideBySide.assertSameCompletion("conformance", "ref/resource", "uri", "test://template/{id}/data", id);
    }

    @Test
    void theTypeScriptClientReadsTemplatesGetsPromptsAndCompletesThroughTheHub() {
        ObjectNode completion = Json.object();
        completion.putObject("ref").put("type", "ref/prompt").put("name", "everything__completable-prompt");
        completion.putObject("argument").put("name", "department").put("value", "Sa");
        ObjectNode prompt = Json.object().put("name", "conformance__test_prompt_with_arguments");
        prompt.set("arguments", args("arg1", "x", "arg2", "y"));

        List<JsonNode> lines = TsClient.run(
                hub.url("/mcp"),
                Transport.HTTP,
                List.of(
                        TsClient.step(
                                "read",
                                "readResource",
                                Json.object().put("uri", "conformance__test://template/7/data")),
                        TsClient.step("prompt", "getPrompt", prompt),
                        TsClient.step("complete", "complete", completion)));

        assertThat(TsClient.outcome(lines, "read").at("/result/contents/0/text").asString())
                .contains("7");
        assertThat(TsClient.outcome(lines, "prompt")
                        .at("/result/messages/0/content/text")
                        .asString())
                .isEqualTo("Prompt with arguments: arg1='x', arg2='y'");
        assertThat(TsClient.outcome(lines, "complete")
                        .at("/result/completion/values")
                        .toString())
                .isEqualTo("[\"Sales\"]");
    }

    @Test
    void memoryAndFilesystemServersWorkThroughTheHubForBothClients() {
        McpSyncClient java = JavaClients.streamable(hub.url(""), "/mcp", spec -> spec);
        try {
            java.callTool(CallToolRequest.builder("memory__create_entities")
                    .arguments(Map.of(
                            "entities",
                            List.of(Map.of(
                                    "name", "Ada", "entityType", "person", "observations", List.of("wrote programs")))))
                    .build());
            CallToolResult found = java.callTool(CallToolRequest.builder("memory__search_nodes")
                    .arguments(Map.of("query", "Ada"))
                    .build());
            assertThat(found.isError()).isNotEqualTo(Boolean.TRUE);
            assertThat(((TextContent) found.content().getFirst()).text()).contains("wrote programs");
        } finally {
            java.closeGracefully();
        }

        Path written = dir.resolve("files/written.txt");
        List<JsonNode> lines = TsClient.run(
                hub.url("/mcp"),
                Transport.HTTP,
                List.of(
                        TsClient.call(
                                "write",
                                "file_system__write_file",
                                Json.object().put("path", written.toString()).put("content", "via the hub")),
                        TsClient.call(
                                "read",
                                "file_system__read_text_file",
                                Json.object()
                                        .put(
                                                "path",
                                                dir.resolve("files/hello.txt").toString()))));

        assertThat(TsClient.outcome(lines, "write").path("type").asString()).isEqualTo("result");
        assertThat(written).hasContent("via the hub");
        assertThat(TsClient.outcome(lines, "read").at("/result/content/0/text").asString())
                .isEqualTo("hello from the filesystem");
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static List<String> names(List<JsonNode> items, String key) {
        return items.stream().map(item -> item.path(key).asString()).toList();
    }

    private static String opOf(Kind kind) {
        return switch (kind.field()) {
            case "tools" -> "listTools";
            case "prompts" -> "listPrompts";
            case "resources" -> "listResources";
            default -> "listResourceTemplates";
        };
    }

    private static ObjectNode args(String... pairs) {
        ObjectNode args = Json.object();
        for (int i = 0; i < pairs.length; i += 2) {
            args.put(pairs[i], pairs[i + 1]);
        }
        return args;
    }
}
