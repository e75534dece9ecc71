package dev.mcphub.mcp;

import static dev.mcphub.mcp.CompatServer.PORT;
import static dev.mcphub.mcp.CompatServer.bin;
import static dev.mcphub.mcp.CompatServer.bridged;
import static dev.mcphub.mcp.CompatServer.call;
import static dev.mcphub.mcp.CompatServer.ownHttp;
import static dev.mcphub.mcp.CompatServer.stdio;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The compatibility suite's servers: real MCP servers from npm (pinned in {@code test-fixtures/compat} and {@code
 * test-fixtures}), by different authors, on different frameworks and transports. Adding a server is one line here
 * (and its package in {@code test-fixtures/compat/package.json}); README's compatibility table lists the same.
 * Servers that need an API key get a dummy one: they list their tools without calling their API, and their calls
 * (which would need the network) are not made.
 */
final class CompatServers {
    private static final String SDK_MCP_SERVER = "TypeScript SDK 1.x McpServer";
    private static final String SDK_LOW_LEVEL = "TypeScript SDK 1.0 low-level Server";
    private static final String SDK_LOW_LEVEL_1X = "TypeScript SDK 1.x low-level Server";
    private static final String SDK_2 = "TypeScript SDK 2 (@modelcontextprotocol/server)";
    private static final String MCP_APPS = "MCP Apps (ext-apps) on TypeScript SDK 2";

    private CompatServers() {}

    /** Every server, in config order; {@code dir} holds the files some of them need. */
    static List<CompatServer> all(Path dir) {
        String everything = "@modelcontextprotocol/server-everything";
        String sequential = "@modelcontextprotocol/server-sequential-thinking";
        String hello = "mcp-hello-world";
        CompatServer.Call echo = call("echo", "{\"message\":\"compat\"}", "Echo: compat");
        CompatServer.Call think = call(
                "sequentialthinking",
                "{\"thought\":\"compat\",\"thoughtNumber\":1,\"totalThoughts\":1,\"nextThoughtNeeded\":false}",
                "\"thoughtHistoryLength\"");
        CompatServer.Call helloEcho = call("echo", "{\"message\":\"compat\"}", "You said: compat");
        return List.of(
                stdio("everything", everything, SDK_MCP_SERVER, bin(everything), Map.of(), echo),
                stdio(
                        "memory",
                        "@modelcontextprotocol/server-memory",
                        SDK_MCP_SERVER,
                        bin("@modelcontextprotocol/server-memory"),
                        Map.of("MEMORY_FILE_PATH", dir.resolve("memory.jsonl").toString()),
                        call("read_graph", "{}", "\"entities\"")),
                stdio(
                        "filesystem",
                        "@modelcontextprotocol/server-filesystem",
                        SDK_MCP_SERVER,
                        bin("@modelcontextprotocol/server-filesystem", dir.toString()),
                        Map.of(),
                        call("list_allowed_directories", "{}", dir.getFileName().toString())),
                stdio("sequential-thinking", sequential, SDK_MCP_SERVER, bin(sequential), Map.of(), think),
                stdio("hello-world", hello, SDK_MCP_SERVER + " (third party)", bin(hello), Map.of(), helloEcho),
                stdio(
                        "github",
                        "@modelcontextprotocol/server-github",
                        SDK_LOW_LEVEL,
                        bin("@modelcontextprotocol/server-github"),
                        Map.of("GITHUB_PERSONAL_ACCESS_TOKEN", "dummy"),
                        null),
                stdio(
                        "brave-search-legacy",
                        "@modelcontextprotocol/server-brave-search",
                        SDK_LOW_LEVEL,
                        bin("@modelcontextprotocol/server-brave-search"),
                        Map.of("BRAVE_API_KEY", "dummy"),
                        null),
                stdio(
                        "brave-search",
                        "@brave/brave-search-mcp-server",
                        SDK_MCP_SERVER + " (Brave)",
                        bin("@brave/brave-search-mcp-server"),
                        Map.of("BRAVE_API_KEY", "dummy"),
                        null),
                stdio(
                        "tavily",
                        "tavily-mcp",
                        SDK_LOW_LEVEL_1X + " (Tavily)",
                        bin("tavily-mcp"),
                        Map.of("TAVILY_API_KEY", "dummy"),
                        null),
                stdio(
                        "exa",
                        "exa-mcp-server",
                        SDK_MCP_SERVER + " (Exa)",
                        bin("exa-mcp-server"),
                        Map.of("EXA_API_KEY", "dummy"),
                        null),
                stdio(
                        "firecrawl",
                        "firecrawl-mcp",
                        "FastMCP (npm fastmcp 4.3.2)",
                        bin("firecrawl-mcp"),
                        Map.of("FIRECRAWL_API_KEY", "fc-dummy"),
                        null),
                stdio(
                        "chart",
                        "@antv/mcp-server-chart",
                        SDK_LOW_LEVEL_1X + " (AntV)",
                        bin("@antv/mcp-server-chart"),
                        Map.of(),
                        null),
                stdio(
                        "context7",
                        "@upstash/context7-mcp",
                        SDK_2 + " (Upstash)",
                        bin("@upstash/context7-mcp"),
                        Map.of(),
                        null),
                stdio(
                        "pdf",
                        "@modelcontextprotocol/server-pdf",
                        MCP_APPS,
                        bin("@modelcontextprotocol/server-pdf", "--stdio"),
                        Map.of(),
                        call("list_pdfs", "{}", "PDF")),
                stdio(
                        "map",
                        "@modelcontextprotocol/server-map",
                        MCP_APPS,
                        bin("@modelcontextprotocol/server-map", "--stdio"),
                        Map.of(),
                        call("show-map", "{}", "Displaying globe")),
                stdio(
                        "system-monitor",
                        "@modelcontextprotocol/server-system-monitor",
                        MCP_APPS,
                        bin("@modelcontextprotocol/server-system-monitor", "--stdio"),
                        Map.of(),
                        call("get-system-info", "{}", "\"platform\"")),
                ownHttp(
                        "everything-http",
                        everything,
                        SDK_MCP_SERVER,
                        bin(everything, "streamableHttp"),
                        Map.of("PORT", PORT),
                        "/mcp",
                        false,
                        echo),
                ownHttp(
                        "everything-sse",
                        everything,
                        SDK_MCP_SERVER,
                        bin(everything, "sse"),
                        Map.of("PORT", PORT),
                        "/sse",
                        true,
                        echo),
                bridged("hello-world-http", hello, SDK_MCP_SERVER + " (third party)", bin(hello), false, helloEcho),
                bridged("sequential-thinking-sse", sequential, SDK_MCP_SERVER, bin(sequential), true, think));
    }
}
