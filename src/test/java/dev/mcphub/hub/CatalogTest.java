package dev.mcphub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.config.ConfigLoader;
import dev.mcphub.config.HubConfig;
import dev.mcphub.json.Json;
import dev.mcphub.upstream.Capabilities;
import dev.mcphub.upstream.InitializeResult;
import dev.mcphub.upstream.ListKind;
import dev.mcphub.upstream.UpstreamState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The aggregated catalogue, built in process from snapshots of connected and other servers. */
@Timeout(10)
class CatalogTest {
    @TempDir
    Path dir;

    private HubConfig config() throws IOException {
        Path file = Files.writeString(dir.resolve("servers.json"), """
                {"mcpServers": {"files-1": {"command": "a"}, "files.1": {"command": "b"}, "down": {"command": "c"}}}""");
        return ConfigLoader.load(List.of(file));
    }

    private static ServerView connected(HubConfig config, String name, Capabilities lists) {
        UpstreamState state = new UpstreamState.Connected(
                1, new InitializeResult("2025-11-25", Json.object(), null, null), lists, "stdio", 0, Instant.now());
        return new ServerView(config.servers().get(name), state, Instant.now(), null);
    }

    private static Capabilities tools(String... names) {
        List<JsonNode> tools = java.util.Arrays.stream(names)
                .map(name -> (JsonNode) Json.object().put("name", name))
                .toList();
        return new Capabilities(tools, List.of(Json.object().put("uri", "file:///a")), List.of(), List.of());
    }

    @Test
    void namesAreNamespacedByServerIdAndRouteBackToTheServersOwnName() throws IOException {
        HubConfig config = config();
        Catalog catalog = Catalog.of(List.of(
                connected(config, "files-1", tools("read", "write")), connected(config, "files.1", tools("read"))));

        assertThat(catalog.list(ListKind.TOOLS))
                .extracting(tool -> tool.get("name").asString())
                .containsExactly("files_1__read", "files_1__write", "files_1_1__read");
        assertThat(catalog.route(ListKind.TOOLS, "files_1_1__read")).isEqualTo(new Catalog.Route("files.1", "read"));
        assertThat(catalog.route(ListKind.TOOLS, "files_1__nope")).isNull();
    }

    @Test
    void serversThatAreNotConnectedOfferNothingButKeepTheirId() throws IOException {
        HubConfig config = config();
        ServerView down =
                new ServerView(config.servers().get("down"), UpstreamState.Disconnected.stopped("stopped"), null, null);
        Catalog catalog = Catalog.of(List.of(connected(config, "files-1", tools("read")), down));

        assertThat(catalog.list(ListKind.TOOLS)).hasSize(1);
        assertThat(catalog.serverId("down")).isEqualTo("down");
        assertThat(catalog.serverById("down")).isEqualTo("down");
    }

    @Test
    void aResourceRoutesByItsListedUriOrByTheServerIdPrefixOfATemplatedOne() throws IOException {
        HubConfig config = config();
        Catalog catalog = Catalog.of(List.of(connected(config, "files-1", tools())));

        assertThat(catalog.routeResource("files_1__file:///a")).isEqualTo(new Catalog.Route("files-1", "file:///a"));
        assertThat(catalog.routeResource("files_1__file:///b/c"))
                .isEqualTo(new Catalog.Route("files-1", "file:///b/c"));
        assertThat(catalog.routeResource("nobody__x")).isNull();
    }

    @Test
    void aCatalogSaysWhichKindsOfListsChanged() throws IOException {
        HubConfig config = config();
        Catalog before = Catalog.of(List.of(connected(config, "files-1", tools("read"))));
        Catalog after = Catalog.of(List.of(connected(config, "files-1", tools("read", "write"))));

        assertThat(after.changedKinds(before)).containsExactly(ListKind.TOOLS);
        assertThat(after.changedKinds(after)).isEmpty();
    }
}
