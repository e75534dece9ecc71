package dev.mcphub.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.McpClient;
import dev.mcphub.testing.SseReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Profiles over real servers (filesystem, memory, everything), served at /profiles/<name>/mcp. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class ProfilesIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Path dir;
    private Path config;
    private HubProcess hub;

    @BeforeAll
    void startHub(@TempDir Path temp) throws Exception {
        dir = temp;
        Files.writeString(dir.resolve("notes.txt"), "hello from a profile\n");
        config = dir.resolve("servers.json");
        write(config, profiles("[\"read_media_file\"]"));
        hub = HubProcess.builder(dir)
                .config(config)
                .args("--no-marketplace", "--watch")
                .start();
        hub.awaitReady(Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> values(hub.get("/api/servers").json().path("servers"), "status").stream()
                        .allMatch("connected"::equals));
    }

    @AfterAll
    void stopHub() throws Exception {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aProfileListsOnlyTheToolsItsPatternsKeepUnderTheNamesItGivesThem() throws Exception {
        try (McpClient coding = McpClient.connect(hub.url("/profiles/coding/mcp"))) {
            assertThat(coding.toolNames())
                    .containsExactlyInAnyOrder(
                            "memory__search_nodes",
                            "filesystem__read_file",
                            "read",
                            "filesystem__read_multiple_files",
                            "filesystem__list_directory",
                            "filesystem__list_directory_with_sizes",
                            "filesystem__list_allowed_directories");
            JsonNode tools = coding.request("tools/list", Json.object()).at("/result/tools");
            assertThat(find(tools, "memory__search_nodes").path("description").asString())
                    .isEqualTo("Search my notes");
            // Prompts and resources of a server the profile keeps them off stay out.
            assertThat(coding.request("resources/list", Json.object())
                            .at("/result/resources")
                            .size())
                    .isZero();
        }
    }

    @Test
    void aRenamedToolIsCalledUnderItsNewNameAndReachesTheServerUnderItsOwn() throws Exception {
        try (McpClient coding = McpClient.connect(hub.url("/profiles/coding/mcp"))) {
            JsonNode result = coding.request(
                    "tools/call",
                    Json.object()
                            .put("name", "read")
                            .set(
                                    "arguments",
                                    Json.object()
                                            .put(
                                                    "path",
                                                    dir.resolve("notes.txt").toString())));
            assertThat(result.at("/result/content/0/text").asString()).isEqualTo("hello from a profile\n");
        }
    }

    @Test
    void aToolTheProfileLeavesOutCannotBeCalledThroughIt() throws Exception {
        try (McpClient coding = McpClient.connect(hub.url("/profiles/coding/mcp"))) {
            JsonNode answer = coding.request(
                    "tools/call",
                    Json.object()
                            .put("name", "filesystem__write_file")
                            .set(
                                    "arguments",
                                    Json.object()
                                            .put("path", dir.resolve("x.txt").toString())
                                            .put("content", "no")));
            assertThat(answer.at("/error/message").asString()).contains("Unknown tool");
            assertThat(dir.resolve("x.txt")).doesNotExist();
        }
    }

    @Test
    void aSearchProfileListsItsMetaToolsAndFindsAndCallsTheRest() throws Exception {
        try (McpClient finder = McpClient.connect(hub.url("/profiles/finder/mcp"))) {
            assertThat(finder.toolNames()).containsExactly("search_tools", "call_tool", "everything__echo");
            JsonNode found = finder.request(
                    "tools/call", call("search_tools", Json.object().put("query", "add two numbers")));
            List<String> names = values(found.at("/result/structuredContent/tools"), "name");
            assertThat(names).contains("everything__get-sum");
            JsonNode schema = find(found.at("/result/structuredContent/tools"), "everything__get-sum")
                    .path("inputSchema");
            assertThat(schema.path("properties").has("a")).isTrue();

            ObjectNode sum = Json.object().put("name", "everything__get-sum");
            sum.putObject("arguments").put("a", 2).put("b", 3);
            JsonNode called = finder.request("tools/call", call("call_tool", sum));
            assertThat(called.at("/result/content/0/text").asString()).contains("5");
        }
    }

    @Test
    void editingOneProfileTellsItsOwnSessionsAndNoOtherProfiles() throws Exception {
        try (McpClient coding = McpClient.connect(hub.url("/profiles/coding/mcp"));
                McpClient finder = McpClient.connect(hub.url("/profiles/finder/mcp"));
                SseReader codingStream = coding.openStream();
                SseReader finderStream = finder.openStream()) {
            write(config, profiles("[\"read_media_file\", \"list_directory_with_sizes\"]"));
            codingStream.awaitEvent(e -> e.data().contains("notifications/tools/list_changed"), WAIT);
            await().atMost(WAIT).until(() -> !coding.toolNames().contains("filesystem__list_directory_with_sizes"));
            // Both sessions' notifications are sent in one pass over the sessions: none comes later.
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> finderStream.events().stream()
                            .noneMatch(e -> e.data().contains("list_changed")));
        } finally {
            write(config, profiles("[\"read_media_file\"]"));
        }
    }

    @Test
    void restShowsEveryProfileAndWhatOneExposes() throws Exception {
        JsonNode all = hub.get("/api/profiles").json().path("profiles");
        assertThat(values(all, "name")).containsExactly("coding", "finder");
        JsonNode finder = all.get(1);
        assertThat(finder.path("endpoint").asString()).isEqualTo("/profiles/finder/mcp");
        assertThat(finder.path("discovery").asString()).isEqualTo("search");
        assertThat(finder.at("/counts/tools").asInt()).isEqualTo(3);
        assertThat(finder.at("/counts/searchableTools").asInt()).isGreaterThan(30);

        HubProcess.Reply info = hub.post("/api/profiles/info", "{\"profile\":\"coding\"}");
        assertThat(info.status()).isEqualTo(200);
        assertThat(values(info.json().at("/profile/tools"), "name")).contains("read");

        HubProcess.Reply missing = hub.post("/api/profiles/info", "{\"profile\":\"nope\"}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("code").asString()).isEqualTo("PROFILE_NOT_FOUND");
        assertThat(hub.post("/profiles/nope/mcp", "{}").status()).isEqualTo(404);
    }

    @Test
    void aProfileNamingAServerThatIsNotConfiguredIsRefusedAndTheLastGoodOneStays() throws Exception {
        ObjectNode broken = profiles("[\"read_media_file\"]");
        ((ObjectNode) broken.at("/profiles/coding/servers")).putObject("gihub");
        try {
            write(config, broken);
            await().atMost(WAIT).until(() -> String.join("\n", hub.stderr()).contains("'gihub'"));
            assertThat(values(hub.get("/api/profiles").json().path("profiles"), "name"))
                    .containsExactly("coding", "finder");
            try (McpClient coding = McpClient.connect(hub.url("/profiles/coding/mcp"))) {
                assertThat(coding.toolNames()).contains("read");
            }
        } finally {
            write(config, profiles("[\"read_media_file\"]"));
        }
    }

    private ObjectNode profiles(String filesystemDeny) {
        ObjectNode root = Json.object();
        ObjectNode servers = root.putObject("mcpServers");
        servers.set("everything", stdio(Fixtures.npmServer("server-everything")));
        ObjectNode memory = stdio(Fixtures.npmServer("server-memory"));
        memory.putObject("env")
                .put("MEMORY_FILE_PATH", dir.resolve("memory.jsonl").toString());
        servers.set("memory", memory);
        servers.set("filesystem", stdio(Fixtures.npmServer("server-filesystem", dir.toString())));
        ObjectNode profiles = root.putObject("profiles");
        ObjectNode coding = profiles.putObject("coding");
        coding.put("description", "Files and notes");
        ObjectNode fs = coding.putObject("servers").putObject("filesystem");
        ObjectNode tools = fs.putObject("tools");
        tools.putArray("allow").add("read_*").add("list_*");
        tools.set("deny", Json.parse(filesystemDeny));
        fs.putObject("rename").put("read_text_file", "read");
        fs.put("resources", false);
        ObjectNode mem = ((ObjectNode) coding.get("servers")).putObject("memory");
        mem.putArray("tools").add("search_nodes");
        mem.putObject("descriptions").put("search_nodes", "Search my notes");
        mem.put("resources", false);
        ObjectNode finder = profiles.putObject("finder");
        finder.putArray("servers").add("everything").add("memory").add("filesystem");
        finder.put("discovery", "search");
        finder.putArray("pinned").add("everything__echo");
        return root;
    }

    private static ObjectNode stdio(List<String> command) {
        ObjectNode entry = Json.object().put("command", command.getFirst());
        command.subList(1, command.size()).forEach(entry.putArray("args")::add);
        return entry;
    }

    /** Writes the config as editors do: to a temporary file, then renamed over the old one. */
    private static void write(Path file, JsonNode content) throws Exception {
        Path temp = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), Json.text(content));
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static ObjectNode call(String tool, JsonNode arguments) {
        return Json.object().put("name", tool).set("arguments", arguments);
    }

    private static List<String> values(JsonNode items, String field) {
        return Json.elements(items).stream()
                .map(item -> item.path(field).asString(null))
                .toList();
    }

    private static JsonNode find(JsonNode tools, String name) {
        for (JsonNode tool : tools) {
            if (name.equals(tool.path("name").asString())) {
                return tool;
            }
        }
        throw new AssertionError("no tool " + name + " in " + tools);
    }
}
