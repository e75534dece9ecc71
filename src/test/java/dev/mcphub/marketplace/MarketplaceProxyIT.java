package dev.mcphub.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarketplaceProxyIT {
    @TempDir
    Path cacheDir;

    private final RegistryFixture registry = new RegistryFixture();
    private final ForwardProxyFixture proxy = new ForwardProxyFixture();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private Marketplace marketplace;

    MarketplaceProxyIT() throws IOException {}

    @AfterEach
    void tearDown() throws IOException {
        if (marketplace != null) {
            marketplace.close();
        }
        proxy.close();
        registry.close();
    }

    private Marketplace start(MarketplaceSettings settings, Map<String, String> env) {
        marketplace = new Marketplace(settings, env, warnings::add);
        marketplace.start();
        return marketplace;
    }

    @Test
    void httpProxyCarriesRegistryAndReadmeRequests() {
        start(registry.settings(cacheDir, Duration.ofHours(1)), Map.of("HTTP_PROXY", proxy.url()));

        assertThat(marketplace.catalog(null, null, null, "name")).hasSize(9);
        assertThat(marketplace.details("github").get("readmeContent").asString())
                .startsWith("# GitHub");

        String origin = registry.base().toString();
        assertThat(proxy.requests())
                .containsExactly(
                        "GET " + origin + "/registry.json HTTP/1.1",
                        "GET " + origin + "/raw/modelcontextprotocol/servers/main/README.md HTTP/1.1");
        assertThat(registry.requests()).hasSize(2);
        assertThat(warnings).isEmpty();
    }

    @Test
    void theLowerCaseVariableWorksToo() {
        start(registry.settings(cacheDir, Duration.ofHours(1)), Map.of("http_proxy", proxy.url()));

        assertThat(marketplace.catalog(null, null, null, null)).hasSize(9);
        assertThat(proxy.requests()).hasSize(1);
    }

    @Test
    void noProxyExemptsTheRegistryHost() {
        start(
                registry.settings(cacheDir, Duration.ofHours(1)),
                Map.of("HTTP_PROXY", proxy.url(), "NO_PROXY", "localhost,127.0.0.1"));

        assertThat(marketplace.catalog(null, null, null, null)).hasSize(9);
        assertThat(proxy.requests()).isEmpty();
        assertThat(registry.registryRequests()).isEqualTo(1);
    }

    @Test
    void httpsUrlsAreTunnelledThroughHttpsProxy() {
        MarketplaceSettings local = registry.settings(cacheDir, Duration.ofHours(1));
        MarketplaceSettings remote = new MarketplaceSettings(
                true,
                URI.create("https://registry.example.invalid/registry.json"),
                local.githubRawUrl(),
                local.ttl(),
                cacheDir,
                local.connectTimeout(),
                local.requestTimeout(),
                local.maxBodyBytes());
        // HTTP_PROXY alone must not be used for an https URL; HTTPS_PROXY must.
        start(remote, Map.of("HTTPS_PROXY", proxy.url(), "HTTP_PROXY", "http://127.0.0.1:9"));

        assertThatThrownBy(() -> marketplace.catalog(null, null, null, null))
                .isInstanceOfSatisfying(
                        HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MARKETPLACE_ERROR));
        assertThat(proxy.requests()).containsExactly("CONNECT registry.example.invalid:443 HTTP/1.1");
    }

    @Test
    void noMarketplaceSendsNothingToTheProxyEither() {
        MarketplaceSettings local = registry.settings(cacheDir, Duration.ofHours(1));
        MarketplaceSettings disabled = new MarketplaceSettings(
                false,
                local.registryUrl(),
                local.githubRawUrl(),
                local.ttl(),
                cacheDir,
                local.connectTimeout(),
                local.requestTimeout(),
                local.maxBodyBytes());
        start(disabled, Map.of("HTTP_PROXY", proxy.url(), "HTTPS_PROXY", proxy.url()));

        assertThat(marketplace.catalog(null, null, null, null)).isEmpty();
        assertThatThrownBy(() -> marketplace.details("github")).isInstanceOf(HubException.class);

        assertThat(proxy.requests()).isEmpty();
        assertThat(registry.requests()).isEmpty();
    }
}
