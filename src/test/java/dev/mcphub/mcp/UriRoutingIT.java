package dev.mcphub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.McpClient;
import dev.mcphub.testing.SseReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * URIs survive the hub: every URI a client receives from {@code /mcp} (lists, tool results, {@code _meta},
 * resource updates) can be read and subscribed to through {@code /mcp} exactly as received, and MCP Apps work end
 * to end. Real servers: server-everything (twice, so that two servers offer the same URIs) and the MCP Apps server
 * {@code @modelcontextprotocol/server-pdf} on a local PDF.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class UriRoutingIT {
    private static final String VIEWER = "ui://pdf-viewer/mcp-app.html";
    /** The smallest PDF the server accepts, written by hand: a catalog, a page tree and one empty page. */
    private static final String TINY_PDF = """
            %PDF-1.4
            1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
            2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj
            3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj
            trailer<</Root 1 0 R>>
            %%EOF
            """;

    @TempDir
    static Path dir;

    static Path pdf;
    static HubProcess hub;
    static McpClient client;

    @BeforeAll
    static void startHub() throws Exception {
        pdf = Files.writeString(dir.resolve("tiny.pdf"), TINY_PDF, StandardCharsets.US_ASCII);
        hub = TestHub.with("everything", Upstreams.everything())
                .and("twin", Upstreams.everything())
                .and("pdf", Upstreams.stdio(Fixtures.npmServer("server-pdf", "--stdio", pdf.toString())))
                .start(dir);
        client = McpClient.connect(hub.url("/mcp"));
    }

    @AfterAll
    static void stopHub() throws Exception {
        if (client != null) {
            client.close();
        }
        TestHub.closeQuietly(hub);
    }

    @Test
    void resourceLinksInAToolResultCanBeReadAndSubscribedExactlyAsReceived() throws Exception {
        JsonNode result = call("everything__get-resource-links", Json.object().put("count", 3));
        List<String> uris = Json.elements(result.path("content")).stream()
                .filter(item -> item.path("type").asString("").equals("resource_link"))
                .map(item -> item.path("uri").asString())
                .toList();
        assertThat(uris).hasSize(3).allSatisfy(uri -> assertThat(uri).startsWith("demo://"));

        for (String uri : uris) {
            JsonNode read = client.request("resources/read", Json.object().put("uri", uri));
            assertThat(read.has("error")).as("%s: %s", uri, read).isFalse();
            assertThat(read.at("/result/contents/0/uri").asString()).isEqualTo(uri);
            JsonNode subscribed =
                    client.request("resources/subscribe", Json.object().put("uri", uri));
            assertThat(subscribed.has("error")).as("%s: %s", uri, subscribed).isFalse();
            client.request("resources/unsubscribe", Json.object().put("uri", uri));
        }
    }

    @Test
    void anEmbeddedResourcesUriCanBeReadAsReceived() throws Exception {
        JsonNode result = call("everything__get-resource-reference", Json.object());
        String uri = Json.elements(result.path("content")).stream()
                .filter(item -> item.path("type").asString("").equals("resource"))
                .map(item -> item.at("/resource/uri").asString())
                .findFirst()
                .orElseThrow();

        JsonNode read = client.request("resources/read", Json.object().put("uri", uri));
        assertThat(read.has("error")).as(read.toString()).isFalse();
        assertThat(read.at("/result/contents/0/text").asString()).isNotBlank();
    }

    @Test
    void aResourceEmbeddedInAPromptMessageCanBeReadAsReceivedThoughTwoServersHaveMatchingTemplates() throws Exception {
        ObjectNode params = Json.object().put("name", "everything__resource-prompt");
        params.putObject("arguments").put("resourceType", "Text").put("resourceId", "7");
        JsonNode prompt = client.request("prompts/get", params);
        String uri = Json.elements(prompt.at("/result/messages")).stream()
                .map(message -> message.path("content"))
                .filter(content -> content.path("type").asString("").equals("resource"))
                .map(content -> content.at("/resource/uri").asString())
                .findFirst()
                .orElseThrow(() -> new AssertionError(prompt.toString()));

        // Both servers' templates match it; the hub knows which server handed it out.
        JsonNode read = client.request("resources/read", Json.object().put("uri", uri));
        assertThat(read.has("error")).as(read.toString()).isFalse();
        assertThat(read.at("/result/contents/0/uri").asString()).isEqualTo(uri);
    }

    @Test
    void resourceUpdatesCarryTheUriTheClientSubscribedWith() throws Exception {
        JsonNode links = call("everything__get-resource-links", Json.object().put("count", 1));
        String uri = links.at("/content/1/uri").asString();
        try (McpClient watcher = McpClient.connect(hub.url("/mcp"));
                SseReader stream = watcher.openStream()) {
            assertThat(watcher.request("resources/subscribe", Json.object().put("uri", uri))
                            .has("error"))
                    .isFalse();
            call("everything__toggle-subscriber-updates", Json.object());
            try {
                SseReader.Event update = stream.awaitEvent(
                        event -> event.data().contains("notifications/resources/updated"), Duration.ofSeconds(30));
                assertThat(update.json().at("/params/uri").asString()).isEqualTo(uri);
            } finally {
                call("everything__toggle-subscriber-updates", Json.object());
            }
        }
    }

    @Test
    void aUriTwoServersOfferIsRefusedNamingBothWhileTheirPrefixedUrisWork() throws Exception {
        String uri = "demo://resource/static/document/architecture.md";

        JsonNode ambiguous = client.request("resources/read", Json.object().put("uri", uri));
        assertThat(ambiguous.at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(ambiguous.at("/error/message").asString())
                .contains(uri, "everything", "twin", "everything__" + uri, "twin__" + uri);

        for (String prefixed : List.of("everything__" + uri, "twin__" + uri)) {
            JsonNode read = client.request("resources/read", Json.object().put("uri", prefixed));
            assertThat(read.at("/result/contents/0/uri").asString()).isEqualTo(uri);
        }
    }

    @Test
    void anMcpAppsToolKeepsItsUiMetadataAndItsUiResourceIsReadableAsNamed() throws Exception {
        List<JsonNode> tools =
                Json.elements(client.request("tools/list", Json.object()).at("/result/tools"));
        JsonNode display = tool(tools, "pdf__display_pdf");
        assertThat(display.at("/_meta/ui/resourceUri").asString()).isEqualTo(VIEWER);
        assertThat(tool(tools, "pdf__read_pdf_bytes").at("/_meta/ui/visibility"))
                .containsExactly(Json.tree("app"));

        String named = display.at("/_meta/ui/resourceUri").asString();
        JsonNode content = client.request("resources/read", Json.object().put("uri", named))
                .at("/result/contents/0");
        assertThat(content.path("uri").asString()).isEqualTo(VIEWER);
        assertThat(content.path("mimeType").asString()).isEqualTo("text/html;profile=mcp-app");
        assertThat(content.path("text").asString()).containsIgnoringCase("<html");
        assertThat(content.at("/_meta/ui/csp/connectDomains")).isNotEmpty();
        assertThat(content.at("/_meta/ui/permissions").isObject()).isTrue();

        // The reference's namespaced name keeps working for existing clients.
        JsonNode listed =
                Json.elements(client.request("resources/list", Json.object()).at("/result/resources")).stream()
                        .filter(resource -> resource.path("uri").asString().equals("pdf__" + VIEWER))
                        .findFirst()
                        .orElseThrow();
        assertThat(listed.path("mimeType").asString()).isEqualTo("text/html;profile=mcp-app");
        assertThat(client.request("resources/read", Json.object().put("uri", "pdf__" + VIEWER))
                        .at("/result/contents/0/mimeType")
                        .asString())
                .isEqualTo("text/html;profile=mcp-app");
    }

    @Test
    void anAppOnlyToolIsCallableByTheNameTheAppKnows() throws Exception {
        byte[] bytes = Files.readAllBytes(pdf);
        ObjectNode arguments = Json.object()
                .put("url", pdf.toUri().toString())
                .put("offset", 0)
                .put("byteCount", 16);

        for (String name : List.of("read_pdf_bytes", "pdf__read_pdf_bytes")) {
            JsonNode result = call(name, arguments);
            assertThat(result.path("isError").asBoolean(false))
                    .as(result.toString())
                    .isFalse();
            byte[] read = Base64.getDecoder()
                    .decode(result.at("/structuredContent/bytes").asString());
            assertThat(read).isEqualTo(Arrays.copyOf(bytes, 16));
        }
    }

    @Test
    void aToolNameTwoServersHaveIsRefusedNamingBoth() throws Exception {
        JsonNode ambiguous = client.request(
                "tools/call",
                Json.object().put("name", "echo").set("arguments", Json.object().put("message", "hi")));
        assertThat(ambiguous.at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(ambiguous.at("/error/message").asString()).contains("everything__echo", "twin__echo");
    }

    private static JsonNode call(String tool, ObjectNode arguments) throws Exception {
        ObjectNode params = Json.object().put("name", tool);
        params.set("arguments", arguments);
        JsonNode response = client.request("tools/call", params);
        assertThat(response.has("error")).as(response.toString()).isFalse();
        return response.path("result");
    }

    private static JsonNode tool(List<JsonNode> tools, String name) {
        return tools.stream()
                .filter(tool -> tool.path("name").asString().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no tool " + name));
    }
}
