package dev.mcphub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.fixtures.ConformanceResult;
import dev.mcphub.fixtures.ConformanceRun;
import dev.mcphub.fixtures.FixtureProcess;
import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official conformance suite for both eras through the hub, each era with a conformance fixture upstream of its
 * own era: the 2026-07-28 scenarios (stateless requests) against a hub whose upstream is the TypeScript SDK v2
 * fixture {@code test-fixtures/servers/conformance-2026.mjs} (a stateless-only HTTP server), through the per-server
 * endpoint and through the aggregated {@code /mcp}; the 2025-11-25 scenarios (sessions) against a hub whose upstream
 * is the Java fixture (ConformanceServer over stdio), through the aggregated {@code /mcp} (ConformanceThroughHubIT
 * runs them through the per-server endpoint). Each run's expected failures are listed, each with its reason, in
 * {@code test-fixtures/conformance/hub-20xx-*baseline.yml}; a failure not listed, or a listed scenario that passes,
 * fails the test.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ConformanceErasIT {
    @TempDir
    static Path dir;

    @TempDir
    static Path modernDir;

    private static final String LISTENING = "listening ";

    private static HubProcess hub;
    private static FixtureProcess modernFixture;
    private static HubProcess modernHub;

    @BeforeAll
    static void startHubs() throws Exception {
        hub = TestHub.with("conformance", Upstreams.conformance()).start(dir);
        modernFixture = FixtureProcess.start(
                "conformance-2026",
                List.of(
                        "node",
                        Fixtures.dir().resolve("servers/conformance-2026.mjs").toString()));
        String line = modernFixture.nextLine(Duration.ofSeconds(60)).orElseThrow();
        assertThat(line).startsWith(LISTENING);
        modernHub = TestHub.with(
                        "conformance",
                        Json.object()
                                .put("url", line.substring(LISTENING.length()).trim()))
                .start(modernDir);
    }

    @AfterAll
    static void stopHubs() {
        TestHub.closeQuietly(hub);
        TestHub.closeQuietly(modernHub);
        if (modernFixture != null) {
            modernFixture.close();
        }
    }

    @Test
    void the2026ScenariosPassThroughTheServersEndpointOfA2026Upstream() throws Exception {
        ConformanceResult result =
                ConformanceRun.runModern(modernHub.url("/servers/conformance/mcp"), baseline("hub-2026-baseline.yml"));
        assertClean("2026-07-28 through /servers/conformance/mcp", result);
    }

    @Test
    void the2026ScenariosRunThroughTheAggregatedEndpointOfA2026Upstream() throws Exception {
        ConformanceResult result =
                ConformanceRun.runModern(modernHub.url("/mcp"), baseline("hub-2026-aggregate-baseline.yml"));
        assertClean("2026-07-28 through /mcp", result);
    }

    @Test
    void the2025ScenariosRunThroughTheAggregatedEndpoint() throws Exception {
        ConformanceResult result = ConformanceRun.run(hub.url("/mcp"), baseline("hub-2025-aggregate-baseline.yml"));
        assertClean("2025-11-25 through /mcp", result);
    }

    private static Path baseline(String name) {
        return Fixtures.dir().resolve("conformance").resolve(name);
    }

    private static void assertClean(String run, ConformanceResult result) {
        System.out.printf(
                "Conformance %s: %d/%d scenarios, %d checks passed%n%s%n",
                run, result.passingScenarios().size(), result.scenarios().size(), result.passed(), result.summary());
        assertThat(result.scenarios()).as("scenarios run").isNotEmpty();
        assertThat(result.unexpectedFailures()).as(result.summary()).isEmpty();
        assertThat(result.staleBaselineEntries())
                .as("baseline entries that now pass")
                .isEmpty();
        assertThat(result.exitCode()).as("the suite's own baseline check").isZero();
    }
}
