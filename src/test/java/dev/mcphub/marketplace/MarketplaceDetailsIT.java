package dev.mcphub.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class MarketplaceDetailsIT {
    @TempDir
    Path cacheDir;

    private final RegistryFixture registry = new RegistryFixture();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private Marketplace marketplace;

    MarketplaceDetailsIT() throws IOException {}

    @AfterEach
    void tearDown() {
        if (marketplace != null) {
            marketplace.close();
        }
        registry.close();
    }

    private Marketplace start(Duration ttl) {
        marketplace = new Marketplace(registry.settings(cacheDir, ttl), Map.of(), warnings::add);
        marketplace.start();
        return marketplace;
    }

    @Test
    void detailsAreTheEntryAndTheReadmeFromMain() {
        JsonNode details = start(Duration.ofHours(1)).details("github");

        assertThat(details.properties()).extracting(Map.Entry::getKey).containsExactly("server", "readmeContent");
        assertThat(Json.string(details.get("server"), "id")).isEqualTo("github");
        assertThat(details.get("server").get("stars").intValue()).isEqualTo(900);
        assertThat(Json.string(details, "readmeContent")).startsWith("# GitHub MCP server");
        assertThat(registry.requests()).contains("GET /raw/modelcontextprotocol/servers/main/README.md");
    }

    @Test
    void theReadmeFallsBackToMasterWhenMainHasNone() {
        JsonNode details = start(Duration.ofHours(1)).details("gitlab");

        assertThat(Json.string(details, "readmeContent")).contains("master branch");
        assertThat(registry.requests())
                .containsSubsequence(
                        "GET /raw/example/gitlab-mcp/main/README.md", "GET /raw/example/gitlab-mcp/master/README.md");
    }

    @Test
    void aRepositoryWithoutReadmeGivesNull() {
        JsonNode details = start(Duration.ofHours(1)).details("filesystem");

        assertThat(details.get("readmeContent").isNull()).isTrue();
        // The ".git" suffix of the registry URL is not part of the repository name.
        assertThat(registry.requests())
                .contains(
                        "GET /raw/example/filesystem-mcp/main/README.md",
                        "GET /raw/example/filesystem-mcp/master/README.md");
        assertThat(warnings).isEmpty();
    }

    @Test
    void aRepositoryOutsideGithubIsNotAskedForAReadme() {
        JsonNode details = start(Duration.ofHours(1)).details("eclair");

        assertThat(details.get("readmeContent").isNull()).isTrue();
        assertThat(registry.readmeRequests()).isZero();
    }

    @Test
    void aReadmeIsCachedPerServerInTheCacheFile() throws IOException {
        start(Duration.ofHours(1));
        marketplace.details("github");
        marketplace.details("github");
        marketplace.details("filesystem");
        marketplace.details("filesystem");

        assertThat(registry.readmeRequests()).isEqualTo(3);
        JsonNode onDisk = Json.parse(Files.readAllBytes(cacheDir.resolve("registry.json")));
        assertThat(onDisk.at("/serverDocumentation/github/content").asString()).startsWith("# GitHub");
        assertThat(onDisk.at("/serverDocumentation/github/lastFetchedAt").isNumber())
                .isTrue();
        assertThat(onDisk.at("/serverDocumentation/filesystem/content").isNull())
                .isTrue();
    }

    @Test
    void anExpiredReadmeIsFetchedAgain() {
        start(Duration.ofMillis(300));
        marketplace.details("github");
        assertThat(registry.readmeRequests()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    marketplace.details("github");
                    assertThat(registry.readmeRequests()).isEqualTo(2);
                });
    }

    @Test
    void aFailingReadmeServerGivesNullWithAWarningAndKeepsAnOlderReadme() {
        start(Duration.ofMillis(300));
        registry.failReadmes(503);
        assertThat(marketplace.details("brave-search").get("readmeContent").isNull())
                .isTrue();
        assertThat(warnings).singleElement().asString().contains("brave-search", "HTTP 503");
        // A 503 is not an answer: main is not followed by master.
        assertThat(registry.requests()).noneMatch(r -> r.contains("brave-search-mcp/master"));

        registry.failReadmes(0);
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Json.string(marketplace.details("brave-search"), "readmeContent") != null);
        registry.failReadmes(503);
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    assertThat(Json.string(marketplace.details("brave-search"), "readmeContent"))
                            .startsWith("# Brave Search");
                    assertThat(warnings).hasSize(2);
                });
    }

    @Test
    void aMissingIdIsAValidationError() {
        start(Duration.ofHours(1));
        for (String id : new String[] {null, "", "  "}) {
            assertThatThrownBy(() -> marketplace.details(id)).isInstanceOfSatisfying(HubException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
                assertThat(e.getMessage()).isEqualTo("Missing mcpId in request body");
            });
        }
    }

    @Test
    void anUnknownIdIsAValidationErrorCarryingTheId() {
        start(Duration.ofHours(1));
        assertThatThrownBy(() -> marketplace.details("no-such-server"))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
                    assertThat(e.getMessage()).isEqualTo("Server not found");
                    assertThat(e.data()).containsEntry("mcpId", "no-such-server");
                });
        assertThat(registry.readmeRequests()).isZero();
    }
}
