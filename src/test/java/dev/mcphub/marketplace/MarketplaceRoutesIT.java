package dev.mcphub.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.testing.HubProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The marketplace through the hub's REST API, against a registry fixture on loopback. */
class MarketplaceRoutesIT {
    @TempDir
    static Path dir;

    static RegistryFixture registry;
    static HubProcess hub;

    @BeforeAll
    static void start() throws Exception {
        registry = new RegistryFixture();
        Path config = Files.writeString(dir.resolve("servers.json"), "{\"mcpServers\": {}}");
        hub = HubProcess.builder(dir)
                .config(config)
                .marketplace(registry.registryUrl(), registry.rawUrl())
                .start()
                .awaitReady(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        hub.close();
        registry.close();
    }

    @Test
    void catalogSearchesAndSortsByStars() throws Exception {
        HubProcess.Reply reply = hub.get("/api/marketplace?search=git&sort=stars");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.has("timestamp")).isTrue();
        List<String> ids = body.get("servers")
                .valueStream()
                .map(s -> s.get("id").asString())
                .toList();
        assertThat(ids).startsWith("github", "gitlab");
        assertThat(ids).doesNotContain("memory");
    }

    @Test
    void detailsKeepTheReferencesNestedShapeWithTheReadme() throws Exception {
        HubProcess.Reply reply = hub.post("/api/marketplace/details", "{\"mcpId\": \"github\"}");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode server = reply.json().get("server");
        assertThat(server.get("server").get("id").asString()).isEqualTo("github");
        assertThat(server.has("readmeContent")).isTrue();
    }

    @Test
    void badInputGetsTheReferencesMessagesWith400() throws Exception {
        HubProcess.Reply badSort = hub.get("/api/marketplace?sort=loudest");
        assertThat(badSort.status()).isEqualTo(400);
        assertThat(badSort.json().get("code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(badSort.json().get("error").asString()).contains("sort");

        HubProcess.Reply missing = hub.post("/api/marketplace/details", "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error").asString()).isEqualTo("Missing mcpId in request body");

        HubProcess.Reply unknown = hub.post("/api/marketplace/details", "{\"mcpId\": \"no-such-server\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("error").asString()).isEqualTo("Server not found");
        assertThat(unknown.json().get("data").get("mcpId").asString()).isEqualTo("no-such-server");
    }

    @Test
    void noMarketplaceAnswersAnEmptyCatalogueAndMakesNoRequest(@TempDir Path other) throws Exception {
        long before = registry.registryRequests();
        Path config = Files.writeString(other.resolve("servers.json"), "{\"mcpServers\": {}}");
        try (HubProcess off = HubProcess.builder(other)
                .config(config)
                .args(
                        "--no-marketplace",
                        "--marketplace-url",
                        registry.registryUrl().toString())
                .start()
                .awaitReady(Duration.ofSeconds(30))) {
            JsonNode body = off.get("/api/marketplace").json();
            assertThat(body.get("servers").size()).isZero();
            assertThat(body.get("message").asString()).isNotBlank();
        }
        assertThat(registry.registryRequests()).isEqualTo(before);
    }
}
