package dev.mcphub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.fixtures.ConformanceFixture;
import dev.mcphub.fixtures.ConformanceResult;
import dev.mcphub.fixtures.ConformanceRun;
import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.testing.HubProcess;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official conformance suite run through the hub: the conformance fixture server is a stdio upstream, and the
 * suite talks to the hub's endpoint for that one server. It also runs directly against the fixture (over HTTP), to
 * know the ceiling: every scenario that passes directly must pass through the hub; what else fails is listed with
 * its reason in {@code test-fixtures/conformance/hub-baseline.yml}.
 */
// Each run of the conformance suite may take up to its own 5-minute limit on a loaded machine.
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ConformanceThroughHubIT {
    private static final String SERVER = "conformance";

    @TempDir
    Path dir;

    @Test
    void everyScenarioThatPassesDirectlyPassesThroughTheHub() throws Exception {
        Path hubBaseline = Fixtures.dir().resolve("conformance/hub-baseline.yml");
        ConformanceResult direct;
        ConformanceResult throughHub;
        HubProcess hub = null;
        try (ConformanceFixture fixture = ConformanceFixture.startHttp()) {
            hub = TestHub.with(SERVER, Upstreams.conformance()).start(dir);
            direct = ConformanceRun.run(fixture.url(), Fixtures.conformanceBaseline());
            throughHub = ConformanceRun.run(hub.url("/servers/" + SERVER + "/mcp"), hubBaseline);
        } finally {
            TestHub.closeQuietly(hub);
        }

        System.out.println("Conformance suite directly against the fixture:\n" + direct.summary());
        System.out.println("Conformance suite through the hub (/servers/" + SERVER + "/mcp):\n" + throughHub.summary());
        System.out.printf(
                "Conformance: %d/%d scenarios (%d checks) pass directly, %d/%d scenarios (%d checks) through the hub%n",
                direct.passingScenarios().size(),
                direct.scenarios().size(),
                direct.passed(),
                throughHub.passingScenarios().size(),
                throughHub.scenarios().size(),
                throughHub.passed());
        assertThat(direct.scenarios()).as("scenarios run directly").isNotEmpty();
        Set<String> lostThroughHub = new TreeSet<>(direct.passingScenarios());
        lostThroughHub.removeAll(throughHub.passingScenarios());
        assertThat(lostThroughHub)
                .as("scenarios that pass directly but not through the hub")
                .isEmpty();
        assertThat(throughHub.unexpectedFailures()).as(throughHub.summary()).isEmpty();
        assertThat(throughHub.staleBaselineEntries())
                .as("hub baseline entries that now pass")
                .isEmpty();
        assertThat(ConformanceRun.readBaseline(Fixtures.conformanceBaseline()))
                .as("hub baseline entries must fail directly too")
                .containsAll(ConformanceRun.readBaseline(hubBaseline));
        assertThat(throughHub.exitCode()).as("the suite's own baseline check").isZero();
    }
}
