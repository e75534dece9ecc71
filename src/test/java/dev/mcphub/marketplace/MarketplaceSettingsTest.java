package dev.mcphub.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphub.config.HubDirs;
import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarketplaceSettingsTest {
    private static final HubDirs DIRS = new HubDirs(Path.of("/state/mcp-hub"), Path.of("/data/mcp-hub"));

    @Test
    void defaultsAreThePublicRegistryGithubAndOneHourInTheCacheDirectory() {
        MarketplaceSettings settings = MarketplaceSettings.from(DIRS, Map.of(), null, null, false);
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.registryUrl())
                .isEqualTo(URI.create("https://ravitemer.github.io/mcp-registry/registry.json"));
        assertThat(settings.githubRawUrl()).isEqualTo(URI.create("https://raw.githubusercontent.com"));
        assertThat(settings.ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.cacheFile()).isEqualTo(Path.of("/data/mcp-hub/cache/registry.json"));
    }

    @Test
    void environmentVariablePointsTheRegistryElsewhere() {
        MarketplaceSettings settings = MarketplaceSettings.from(
                DIRS, Map.of("MCP_HUB_MARKETPLACE_URL", "https://mirror.corp/registry.json"), "", null, false);
        assertThat(settings.registryUrl()).isEqualTo(URI.create("https://mirror.corp/registry.json"));
    }

    @Test
    void flagWinsOverEnvironmentVariable() {
        MarketplaceSettings settings = MarketplaceSettings.from(
                DIRS,
                Map.of("MCP_HUB_MARKETPLACE_URL", "https://env.corp/r.json"),
                "http://flag.corp/r.json",
                "http://raw.corp",
                false);
        assertThat(settings.registryUrl()).isEqualTo(URI.create("http://flag.corp/r.json"));
        assertThat(settings.githubRawUrl()).isEqualTo(URI.create("http://raw.corp"));
    }

    @Test
    void noMarketplaceDisables() {
        assertThat(MarketplaceSettings.from(DIRS, Map.of(), null, null, true).enabled())
                .isFalse();
    }

    @Test
    void aUrlThatIsNotAbsoluteHttpIsAConfigErrorNamingItsSource() {
        assertThatThrownBy(() -> MarketplaceSettings.from(DIRS, Map.of(), "registry.json", null, false))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.getMessage()).contains("--marketplace-url", "registry.json");
                });
        assertThatThrownBy(() -> MarketplaceSettings.from(
                        DIRS, Map.of("MCP_HUB_MARKETPLACE_URL", "ftp://x/r.json"), null, null, false))
                .hasMessageContaining("MCP_HUB_MARKETPLACE_URL");
        assertThatThrownBy(() -> MarketplaceSettings.from(DIRS, Map.of(), null, "raw host", false))
                .hasMessageContaining("--github-raw-url");
    }
}
