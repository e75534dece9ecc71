package dev.mcphub.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfflineHubTest {
    private static final List<String> JAR = List.of("java", "-jar", "mcp-hub.jar");

    @Test
    void aHubStartsWithTheMarketplaceOffUnlessTheTestChoseOne() {
        assertThat(OfflineHub.arguments(List.of("--config", "servers.json")))
                .containsExactly("--config", "servers.json", "--no-marketplace");
        assertThat(OfflineHub.arguments(List.of("--no-marketplace"))).containsExactly("--no-marketplace");
        assertThat(OfflineHub.arguments(List.of("--marketplace-url", "http://127.0.0.1:1/r.json")))
                .doesNotContain("--no-marketplace");
    }

    @Test
    void aHubWithoutNoMarketplaceOrALoopbackRegistryIsRefused() {
        assertThatThrownBy(() -> OfflineHub.check(command("--config", "servers.json"), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--no-marketplace");
    }

    @Test
    void aPublicRegistryOrReadmeHostIsRefused() {
        assertThatThrownBy(() -> OfflineHub.check(
                        command(
                                "--marketplace-url",
                                "https://registry.example.org/registry.json",
                                "--github-raw-url",
                                "http://127.0.0.1:9/"),
                        Map.of()))
                .hasMessageContaining("--marketplace-url is https://registry.example.org");
        assertThatThrownBy(() -> OfflineHub.check(
                        command(
                                "--marketplace-url",
                                "http://127.0.0.1:9/registry.json",
                                "--github-raw-url",
                                "https://raw.githubusercontent.com"),
                        Map.of()))
                .hasMessageContaining("--github-raw-url is https://raw.githubusercontent.com");
    }

    @Test
    void aLoopbackRegistryWithoutALoopbackReadmeHostIsRefusedBecauseDetailsWouldFetchFromGitHub() {
        assertThatThrownBy(() ->
                        OfflineHub.check(command("--marketplace-url", "http://127.0.0.1:9/registry.json"), Map.of()))
                .hasMessageContaining("public marketplace");
    }

    @Test
    void aRegistryFromTheEnvironmentCountsLikeTheFlag() {
        List<String> rawOnly = command("--github-raw-url", "http://127.0.0.1:9/");
        assertThatThrownBy(() -> OfflineHub.check(
                        rawOnly, Map.of(OfflineHub.MARKETPLACE_ENV, "https://registry.example.org/r.json")))
                .hasMessageContaining("registry.example.org");
        assertThatCode(() -> OfflineHub.check(rawOnly, Map.of(OfflineHub.MARKETPLACE_ENV, "http://[::1]:9/r.json")))
                .doesNotThrowAnyException();
    }

    @Test
    void noMarketplaceOrLoopbackFixturesPass() {
        assertThatCode(() -> OfflineHub.check(command("--no-marketplace"), Map.of()))
                .doesNotThrowAnyException();
        assertThatCode(() -> OfflineHub.check(
                        command(
                                "--marketplace-url=http://localhost:9/registry.json",
                                "--github-raw-url",
                                "http://127.0.0.1:9/"),
                        Map.of()))
                .doesNotThrowAnyException();
    }

    @Test
    void aHostNameThatMerelyStartsLikeLoopbackIsRefused() {
        assertThatThrownBy(() -> OfflineHub.check(
                        command(
                                "--marketplace-url",
                                "http://127.0.0.1.example.org/registry.json",
                                "--github-raw-url",
                                "http://127.0.0.1:9/"),
                        Map.of()))
                .isInstanceOf(IllegalStateException.class);
    }

    private static List<String> command(String... args) {
        return java.util.stream.Stream.concat(JAR.stream(), java.util.Arrays.stream(args))
                .toList();
    }
}
