package dev.mcphub.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.SseReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route works from the moment the hub says it is ready: a client that opens the marketplace as soon as
 * it sees {@code hub_state: ready} gets the catalogue, not "not started yet". Registry on loopback.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MarketplaceAtReadyIT {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @TempDir
    Path dir;

    @Test
    void theMarketplaceAnswersTheRequestSentTheMomentTheHubSaysReady() throws Exception {
        try (RegistryFixture registry = new RegistryFixture()) {
            Path config = Files.writeString(dir.resolve("servers.json"), "{\"mcpServers\": {}}");
            try (HubProcess hub = HubProcess.builder(dir)
                    .config(config)
                    .args(
                            "--watch",
                            "--marketplace-url",
                            registry.registryUrl().toString(),
                            "--github-raw-url",
                            registry.rawUrl().toString())
                    .start()) {
                try (SseReader events = SseReader.open(hub.url("/api/events"), Map.of())) {
                    // A client that reacts to the ready event at once.
                    await().atMost(Duration.ofSeconds(60))
                            .pollDelay(Duration.ZERO)
                            .pollInterval(Duration.ofMillis(1))
                            .until(() -> events.events().stream()
                                    .anyMatch(e -> e.name().equals("hub_state")
                                            && e.json()
                                                    .path("state")
                                                    .asString("")
                                                    .equals("ready")));
                    HttpResponse<String> response = get(hub.url("/api/marketplace"));
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    assertThat(response.body()).contains("\"servers\"").contains("github");
                }
            }
        }
    }

    private static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
