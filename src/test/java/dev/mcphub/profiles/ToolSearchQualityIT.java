package dev.mcphub.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.McpClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How well tool search ranks: the committed queries ({@code tool-search/queries.tsv}) against a search-mode
 * profile over the real servers of the compatibility suite. Prints the top-3 hit rate and every miss; the
 * rate must stay at 90% or more.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ToolSearchQualityIT {
    /** Servers of the compatibility suite that list their tools offline (some need a key only for calls). */
    private static final Map<String, String> KEYS = Map.of(
            "@modelcontextprotocol/server-github", "GITHUB_PERSONAL_ACCESS_TOKEN",
            "@brave/brave-search-mcp-server", "BRAVE_API_KEY",
            "tavily-mcp", "TAVILY_API_KEY",
            "exa-mcp-server", "EXA_API_KEY",
            "firecrawl-mcp", "FIRECRAWL_API_KEY");

    @TempDir
    Path dir;

    @Test
    void theExpectedToolIsAmongTheTopThreeForAtLeastNineQueriesInTen() throws Exception {
        Map<String, List<String>> servers = new LinkedHashMap<>();
        servers.put("everything", bin("@modelcontextprotocol/server-everything"));
        servers.put("memory", bin("@modelcontextprotocol/server-memory"));
        servers.put("filesystem", bin("@modelcontextprotocol/server-filesystem", dir.toString()));
        servers.put("sequential-thinking", bin("@modelcontextprotocol/server-sequential-thinking"));
        servers.put("hello-world", bin("mcp-hello-world"));
        servers.put("github", bin("@modelcontextprotocol/server-github"));
        servers.put("brave-search", bin("@brave/brave-search-mcp-server"));
        servers.put("tavily", bin("tavily-mcp"));
        servers.put("exa", bin("exa-mcp-server"));
        servers.put("firecrawl", bin("firecrawl-mcp"));
        servers.put("chart", bin("@antv/mcp-server-chart"));
        servers.put("context7", bin("@upstash/context7-mcp"));
        servers.put("pdf", bin("@modelcontextprotocol/server-pdf", "--stdio"));
        servers.put("map", bin("@modelcontextprotocol/server-map", "--stdio"));
        servers.put("system-monitor", bin("@modelcontextprotocol/server-system-monitor", "--stdio"));
        Path config = Files.writeString(dir.resolve("servers.json"), Json.text(config(servers)));

        try (HubProcess hub =
                HubProcess.builder(dir).config(config).args("--no-marketplace").start()) {
            hub.awaitReady(Duration.ofSeconds(120));
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> Json.elements(hub.get("/api/servers").json().path("servers")).stream()
                            .allMatch(s -> "connected".equals(s.path("status").asString())));
            try (McpClient client = McpClient.connect(hub.url("/profiles/all/mcp"))) {
                assertThat(client.toolNames())
                        .containsExactly(
                                "search_tools",
                                "call_tool",
                                "firecrawl__firecrawl_scrape",
                                "firecrawl__firecrawl_search");
                List<String> misses = new ArrayList<>();
                List<String[]> queries = queries();
                for (String[] query : queries) {
                    List<String> expected = Arrays.asList(query[1].split(","));
                    List<String> top3 = search(client, query[0]);
                    if (top3.stream().noneMatch(expected::contains)) {
                        misses.add(query[0] + " -> " + top3 + " (expected one of " + expected + ")");
                    }
                }
                double rate = 100.0 * (queries.size() - misses.size()) / queries.size();
                System.out.printf(
                        "tool search: top-3 hit rate %.1f%% (%d of %d queries) over %d servers%n",
                        rate, queries.size() - misses.size(), queries.size(), servers.size());
                misses.forEach(miss -> System.out.println("tool search miss: " + miss));
                assertThat(queries).hasSizeGreaterThanOrEqualTo(50);
                assertThat(rate).as("misses: %s", misses).isGreaterThanOrEqualTo(90.0);
            }
        }
    }

    private static List<String> search(McpClient client, String query) throws Exception {
        ObjectNode params = Json.object().put("name", "search_tools");
        params.putObject("arguments").put("query", query).put("limit", 3);
        JsonNode tools = client.request("tools/call", params).at("/result/structuredContent/tools");
        return Json.elements(tools).stream().map(t -> t.path("name").asString()).toList();
    }

    private static ObjectNode config(Map<String, List<String>> servers) {
        ObjectNode root = Json.object();
        ObjectNode entries = root.putObject("mcpServers");
        servers.forEach((name, command) -> {
            ObjectNode entry = entries.putObject(name).put("command", command.getFirst());
            command.subList(1, command.size()).forEach(entry.putArray("args")::add);
            KEYS.entrySet().stream()
                    .filter(key -> command.get(1).contains("/" + key.getKey() + "/"))
                    .forEach(key -> entry.putObject("env").put(key.getValue(), "not-a-real-key"));
        });
        ObjectNode all = root.putObject("profiles").putObject("all");
        servers.keySet().forEach(all.putArray("servers")::add);
        all.put("discovery", "search");
        return root;
    }

    private static List<String[]> queries() throws IOException {
        try (InputStream in = ToolSearchQualityIT.class.getResourceAsStream("/tool-search/queries.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("\t", 2))
                    .toList();
        }
    }

    /** {@code node <main>} of a package of the compatibility suite's lockfile (or the fixtures' own). */
    private static List<String> bin(String pkg, String... args) throws IOException {
        Path compat = Fixtures.dir().resolve("compat/node_modules").resolve(pkg);
        Path dir = Files.isDirectory(compat)
                ? compat
                : Fixtures.dir().resolve("node_modules").resolve(pkg);
        JsonNode bin = Json.parse(Files.readString(dir.resolve("package.json"))).get("bin");
        String main = bin.isString()
                ? bin.asString()
                : bin.properties().iterator().next().getValue().asString();
        List<String> command =
                new ArrayList<>(List.of("node", dir.resolve(main).normalize().toString()));
        command.addAll(List.of(args));
        return command;
    }
}
