package dev.mcphub.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class MarketplaceIT {
    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path cacheDir;

    private final RegistryFixture registry = new RegistryFixture();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final List<Boolean> fetches = new CopyOnWriteArrayList<>();
    private final List<Marketplace> opened = new ArrayList<>();

    MarketplaceIT() throws IOException {}

    @AfterEach
    void tearDown() {
        opened.forEach(Marketplace::close);
        registry.close();
    }

    private Marketplace started(MarketplaceSettings settings) {
        Marketplace marketplace = new Marketplace(settings, Map.of(), warnings::add, fetches::add);
        opened.add(marketplace);
        marketplace.start();
        return marketplace;
    }

    private static List<String> ids(JsonNode servers) {
        return Json.elements(servers).stream().map(s -> Json.string(s, "id")).toList();
    }

    private static List<String> all(Marketplace marketplace) {
        return ids(marketplace.catalog(null, null, null, null));
    }

    private Path cacheFile() {
        return cacheDir.resolve("registry.json");
    }

    @Test
    void catalogueIsFetchedFilteredAndSorted() {
        Marketplace marketplace = started(registry.settings(cacheDir, HOUR));

        JsonNode servers = marketplace.catalog("git", null, Marketplace.parseTags("git"), "stars");

        assertThat(ids(servers)).containsExactly("github", "gitlab");
        assertThat(servers.get(0).get("installations").get(0).get("config").isString())
                .isTrue();
        assertThat(warnings).isEmpty();
    }

    @Test
    void aFreshCacheAnswersWithoutAskingTheRegistryAgain() {
        Marketplace marketplace = started(registry.settings(cacheDir, HOUR));
        all(marketplace);
        marketplace.catalog(null, "database", null, "name");
        marketplace.details("sqlite");

        assertThat(registry.registryRequests()).isEqualTo(1);
    }

    @Test
    void theCacheFileServesANewHubWhenTheRegistryIsGone() throws IOException {
        try (Marketplace first = new Marketplace(registry.settings(cacheDir, HOUR), Map.of(), warnings::add)) {
            first.start();
            assertThat(all(first)).hasSize(9);
        }
        JsonNode onDisk = Json.parse(Files.readAllBytes(cacheFile()));
        assertThat(onDisk.get("registry").get("servers").size()).isEqualTo(9);
        assertThat(onDisk.get("lastFetchedAt").isNumber()).isTrue();
        assertThat(onDisk.get("serverDocumentation").isObject()).isTrue();
        registry.close();

        Marketplace second = started(registry.settings(cacheDir, HOUR));

        assertThat(ids(second.catalog(null, null, null, "name"))).hasSize(9).startsWith("brave-search");
        assertThat(registry.registryRequests()).isEqualTo(1);
        assertThat(warnings).isEmpty();
    }

    @Test
    void startReturnsAtOnceAndFetchesInTheBackground() {
        registry.hold();
        Marketplace marketplace = new Marketplace(registry.settings(cacheDir, HOUR), Map.of(), warnings::add);
        opened.add(marketplace);

        // The registry answers nothing until released below: a start that waited for it would never return.
        assertTimeoutPreemptively(Duration.ofSeconds(30), marketplace::start);

        await().atMost(Duration.ofSeconds(5)).until(() -> registry.registryRequests() == 1);
        registry.release();
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(cacheFile()));
        assertThat(all(marketplace)).hasSize(9);
        assertThat(registry.registryRequests()).isEqualTo(1);
    }

    @Test
    void concurrentRequestsShareOneFetch() throws InterruptedException {
        registry.hold();
        Marketplace marketplace = started(registry.settings(cacheDir, HOUR));
        ConcurrentLinkedQueue<Integer> sizes = new ConcurrentLinkedQueue<>();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            callers.add(
                    Thread.ofPlatform().start(() -> sizes.add(all(marketplace).size())));
        }
        // Every caller parked: on the one fetch in flight (held by the registry), or running it.
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.registryRequests() == 1);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> callers.stream()
                        .allMatch(t ->
                                t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING));
        registry.release();
        for (Thread caller : callers) {
            caller.join();
        }

        assertThat(sizes).hasSize(12).containsOnly(9);
        assertThat(registry.registryRequests()).isEqualTo(1);
    }

    @Test
    void anExpiredCacheIsFetchedAgain() {
        Marketplace marketplace = started(registry.settings(cacheDir, Duration.ofMillis(300)));
        assertThat(all(marketplace)).hasSize(9);
        registry.mode(RegistryFixture.Mode.UPDATED);

        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(all(marketplace)).hasSize(10).contains("added"));
        assertThat(registry.registryRequests()).isEqualTo(2);
        assertThat(warnings).isEmpty();
    }

    @Test
    void aStaleCacheIsServedWithAWarningWhenTheRegistryIsUnreachable() throws IOException {
        try (Marketplace first = new Marketplace(registry.settings(cacheDir, HOUR), Map.of(), warnings::add)) {
            first.start();
            all(first);
        }
        registry.close();

        // The same cache is stale for a hub with a short TTL.
        Marketplace marketplace = started(registry.settings(cacheDir, Duration.ofMillis(1)));

        assertThat(all(marketplace)).hasSize(9);
        assertThat(warnings)
                .anySatisfy(w -> assertThat(w).contains("could not be fetched", "serving the cached catalogue"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "SERVER_ERROR, answered HTTP 500",
        "GARBAGE, not JSON",
        "WRONG_SHAPE, Invalid registry response format (missing 'servers' array)",
        "HUGE_STREAMED, larger than 65536 bytes",
        "HUGE_DECLARED, larger than 65536 bytes"
    })
    void aBadRegistryResponseKeepsTheLastGoodCache(RegistryFixture.Mode mode, String reason) throws IOException {
        Marketplace marketplace = started(registry.settings(cacheDir, Duration.ofMillis(200)));
        assertThat(all(marketplace)).hasSize(9);
        byte[] goodCache = Files.readAllBytes(cacheFile());
        registry.mode(mode);

        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> all(marketplace).size() == 9 && !warnings.isEmpty());

        assertThat(warnings).singleElement().asString().contains(reason, "serving the cached catalogue");
        assertThat(Files.readAllBytes(cacheFile())).isEqualTo(goodCache);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "SERVER_ERROR, answered HTTP 500",
        "GARBAGE, not JSON",
        "WRONG_SHAPE, Invalid registry response format (missing 'servers' array)",
        "HUGE_STREAMED, larger than 65536 bytes"
    })
    void aBadRegistryResponseWithoutCacheIsAMarketplaceError(RegistryFixture.Mode mode, String reason) {
        registry.mode(mode);
        Marketplace marketplace = started(registry.settings(cacheDir, HOUR));

        assertThatThrownBy(() -> all(marketplace)).isInstanceOfSatisfying(HubException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.MARKETPLACE_ERROR);
            assertThat(e.getMessage())
                    .startsWith("Failed to fetch marketplace registry: ")
                    .contains(reason);
            assertThat(e.data())
                    .containsEntry("registryUrl", registry.registryUrl().toString());
        });
        assertThat(Files.exists(cacheFile())).isFalse();
    }

    @Test
    void eachRegistryFetchIsReportedWithItsOutcomeOnce() {
        Marketplace marketplace = started(registry.settings(cacheDir, HOUR));
        all(marketplace);
        all(marketplace);
        assertThat(fetches).containsExactly(true);

        registry.mode(RegistryFixture.Mode.SERVER_ERROR);
        Marketplace failing = started(registry.settings(cacheDir.resolve("other"), HOUR));
        assertThatThrownBy(() -> all(failing)).hasMessageContaining("HTTP 500");
        assertThat(fetches).containsExactly(true, false);
    }

    @Test
    void aFailedFetchIsNotRetriedOnEveryRequest() {
        registry.mode(RegistryFixture.Mode.SERVER_ERROR);
        Marketplace marketplace = started(registry.settings(cacheDir, HOUR));
        assertThatThrownBy(() -> all(marketplace)).hasMessageContaining("HTTP 500");
        long attempts = registry.registryRequests();

        assertThatThrownBy(() -> all(marketplace)).hasMessageContaining("HTTP 500");
        assertThatThrownBy(() -> marketplace.details("github")).hasMessageContaining("HTTP 500");

        assertThat(registry.registryRequests()).isEqualTo(attempts).isEqualTo(1);
    }

    @Test
    void aCorruptCacheFileIsIgnoredWithAWarningAndReplaced() throws IOException {
        Files.writeString(cacheFile(), "{\"registry\": {\"servers\": [ oops");

        Marketplace marketplace = started(registry.settings(cacheDir, HOUR));

        assertThat(all(marketplace)).hasSize(9);
        assertThat(warnings).singleElement().asString().contains(cacheFile().toString(), "ignored");
        assertThat(Json.parse(Files.readAllBytes(cacheFile()))
                        .get("registry")
                        .get("servers")
                        .size())
                .isEqualTo(9);
    }

    @Test
    void anUnknownSortIsRejectedBeforeAnyFetch() {
        Marketplace marketplace = started(registry.settings(cacheDir, HOUR));
        assertThatThrownBy(() -> marketplace.catalog(null, null, null, "downloads"))
                .isInstanceOfSatisfying(
                        HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR))
                .hasMessageContaining("sort");
    }

    @Test
    void noMarketplaceMakesNoRequestAndSaysWhy() {
        MarketplaceSettings enabled = registry.settings(cacheDir, HOUR);
        MarketplaceSettings disabled = new MarketplaceSettings(
                false,
                enabled.registryUrl(),
                enabled.githubRawUrl(),
                enabled.ttl(),
                enabled.cacheDir(),
                enabled.connectTimeout(),
                enabled.requestTimeout(),
                enabled.maxBodyBytes());
        Marketplace marketplace = started(disabled);

        assertThat(marketplace.catalog("git", null, null, "stars")).isEmpty();
        assertThat(marketplace.disabledReason())
                .hasValueSatisfying(r -> assertThat(r).contains("--no-marketplace"));
        assertThatThrownBy(() -> marketplace.details("github"))
                .isInstanceOfSatisfying(
                        HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MARKETPLACE_ERROR))
                .hasMessageContaining("--no-marketplace");
        marketplace.close();

        assertThat(registry.requests()).isEmpty();
        assertThat(Files.exists(cacheFile())).isFalse();
    }

    @Test
    void anEnabledMarketplaceGivesNoDisabledReason() {
        assertThat(new Marketplace(registry.settings(cacheDir, HOUR), Map.of(), warnings::add).disabledReason())
                .isEmpty();
    }

    @Test
    void closeIsIdempotentAndTheCacheStillAnswersAfterIt() {
        Marketplace marketplace = started(registry.settings(cacheDir, HOUR));
        all(marketplace);
        marketplace.close();
        marketplace.close();

        assertThat(all(marketplace)).hasSize(9);
        assertThat(registry.registryRequests()).isEqualTo(1);
    }
}
