package dev.mcphub.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.mcphub.upstream.McpConnection;
import dev.mcphub.upstream.RemoteTransports;
import dev.mcphub.upstream.Upstream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The package rule of the developers' guide, checked on the compiled main code: {@code cli → api, events, mcp,
 * bridge, dashboard, metrics, tracing → hub → upstream → config}, with {@code profiles}, {@code marketplace} and
 * {@code workspace} beside {@code hub}, and {@code error}, {@code json}, {@code jsonrpc} and {@code http} below
 * everything; {@code metrics} and {@code tracing} hear calls through {@code upstream.CallObserver}, {@code
 * dashboard} is only the page's files; {@code auth} and {@code audit} (the door's decision, the audit trail)
 * sit below {@code api} and {@code mcp} and know neither; {@code cluster} (what replicas share through Redis) sits
 * below {@code mcp}, {@code events} and {@code api} and knows none of them (it implements
 * {@code upstream.oauth.SharedCredentials}, the one upstream type it knows, {@code auth.SharedKeys}, {@code
 * audit.SharedAudit} and {@code marketplace.SharedCatalogue}; none of those packages knows it). A new package fails {@link #everyPackageHasAPlaceInTheRule} until it is given a layer
 * here.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PackageRulesTest {
    private static final String[] BASE = {
        "dev.mcphub.error..", "dev.mcphub.json..", "dev.mcphub.jsonrpc..", "dev.mcphub.http.."
    };

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.mcphub");

    @Test
    void everyPackageHasAPlaceInTheRule() {
        classes()
                .should()
                .resideInAnyPackage(
                        "dev.mcphub.cli..",
                        "dev.mcphub.api..",
                        "dev.mcphub.events..",
                        "dev.mcphub.mcp..",
                        "dev.mcphub.bridge..",
                        "dev.mcphub.dashboard..",
                        "dev.mcphub.metrics..",
                        "dev.mcphub.tracing..",
                        "dev.mcphub.auth..",
                        "dev.mcphub.audit..",
                        "dev.mcphub.cluster..",
                        "dev.mcphub.hub..",
                        "dev.mcphub.profiles..",
                        "dev.mcphub.marketplace..",
                        "dev.mcphub.workspace..",
                        "dev.mcphub.upstream..",
                        "dev.mcphub.config..",
                        BASE[0],
                        BASE[1],
                        BASE[2],
                        BASE[3])
                .because("a new capability package gets its place in the layers explicitly (PackageRulesTest)")
                .check(MAIN);
    }

    @Test
    void dependenciesGoOneWayFromTheEdgesDownToConfig() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("cli")
                .definedBy("dev.mcphub.cli..")
                .layer("api")
                .definedBy("dev.mcphub.api..")
                .layer("events")
                .definedBy("dev.mcphub.events..")
                .layer("mcp")
                .definedBy("dev.mcphub.mcp..")
                .layer("bridge")
                .definedBy("dev.mcphub.bridge..")
                .layer("dashboard")
                .definedBy("dev.mcphub.dashboard..")
                .layer("metrics")
                .definedBy("dev.mcphub.metrics..")
                .layer("tracing")
                .definedBy("dev.mcphub.tracing..")
                .layer("auth")
                .definedBy("dev.mcphub.auth..")
                .layer("audit")
                .definedBy("dev.mcphub.audit..")
                .layer("cluster")
                .definedBy("dev.mcphub.cluster..")
                .layer("hub")
                .definedBy("dev.mcphub.hub..")
                .layer("profiles")
                .definedBy("dev.mcphub.profiles..")
                .layer("marketplace")
                .definedBy("dev.mcphub.marketplace..")
                .layer("workspace")
                .definedBy("dev.mcphub.workspace..")
                .layer("upstream")
                .definedBy("dev.mcphub.upstream..")
                .layer("config")
                .definedBy("dev.mcphub.config..")
                .layer("base")
                .definedBy(BASE)
                .whereLayer("cli")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("api")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("events")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("mcp")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("bridge")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("dashboard")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("metrics")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("tracing")
                .mayOnlyBeAccessedByLayers("cli", "mcp")
                .whereLayer("auth")
                .mayOnlyBeAccessedByLayers("cli", "api", "mcp", "cluster")
                .whereLayer("audit")
                .mayOnlyBeAccessedByLayers("cli", "api", "mcp", "cluster")
                .whereLayer("cluster")
                .mayOnlyBeAccessedByLayers("cli", "api", "events", "mcp")
                .whereLayer("hub")
                .mayOnlyBeAccessedByLayers("cli", "api", "events", "mcp", "profiles", "metrics", "cluster")
                .whereLayer("profiles")
                .mayOnlyBeAccessedByLayers("cli", "api", "mcp")
                .whereLayer("marketplace")
                .mayOnlyBeAccessedByLayers("cli", "api", "cluster")
                .whereLayer("workspace")
                .mayOnlyBeAccessedByLayers("cli", "api", "bridge")
                .whereLayer("upstream")
                .mayOnlyBeAccessedByLayers(
                        "cli", "api", "events", "mcp", "hub", "profiles", "metrics", "tracing", "cluster")
                .whereLayer("config")
                .mayOnlyBeAccessedByLayers(
                        "cli", "api", "events", "mcp", "hub", "profiles", "marketplace", "workspace", "upstream")
                .check(MAIN);
    }

    @Test
    void theBaseDependsOnNothingAboveIt() {
        noClasses()
                .that()
                .resideInAnyPackage(BASE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.mcphub.cli..",
                        "dev.mcphub.api..",
                        "dev.mcphub.events..",
                        "dev.mcphub.mcp..",
                        "dev.mcphub.bridge..",
                        "dev.mcphub.dashboard..",
                        "dev.mcphub.metrics..",
                        "dev.mcphub.tracing..",
                        "dev.mcphub.auth..",
                        "dev.mcphub.audit..",
                        "dev.mcphub.cluster..",
                        "dev.mcphub.hub..",
                        "dev.mcphub.profiles..",
                        "dev.mcphub.marketplace..",
                        "dev.mcphub.workspace..",
                        "dev.mcphub.upstream..",
                        "dev.mcphub.config..")
                .check(MAIN);
    }

    @Test
    void theEdgesReachServersOnlyThroughTheHub() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.mcphub.api..",
                        "dev.mcphub.events..",
                        "dev.mcphub.mcp..",
                        "dev.mcphub.profiles..",
                        "dev.mcphub.dashboard..",
                        "dev.mcphub.metrics..",
                        "dev.mcphub.tracing..",
                        "dev.mcphub.auth..",
                        "dev.mcphub.audit..",
                        "dev.mcphub.cluster..")
                .should()
                .dependOnClassesThat()
                .areAssignableTo("dev.mcphub.upstream.Transport")
                .orShould()
                .dependOnClassesThat()
                .belongToAnyOf(Upstream.class, McpConnection.class, RemoteTransports.class)
                .because("calls go through the hub's door (ServerCalls), where checks and observers see them")
                .check(MAIN);
    }
}
