package dev.mcphub.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The suite's own rules, checked on its sources so that a new test cannot quietly break them: every hub a test
 * starts stays on loopback ({@link OfflineHub}, or {@code --no-marketplace}), and HTTP requests have timeouts (best
 * through {@link TestHttp}, which adds one to each). The benchmark ({@code dev.mcphub.bench}) is not a test.
 */
class TestSuiteRulesTest {
    private static final Path SOURCES = Path.of("src", "test", "java");

    @Test
    void everyTestThatStartsTheHubJarKeepsItOnLoopback() {
        List<String> offenders = testSources()
                .filter(file -> file.getFileName().toString().endsWith("IT.java")
                        || file.startsWith(SOURCES.resolve("dev/mcphub/testing")))
                .filter(file ->
                        read(file).contains("HubProcess.jar()") || read(file).contains("mcp-hub.jar"))
                .filter(file ->
                        !read(file).contains("OfflineHub.check(") && !read(file).contains("--no-marketplace"))
                .map(Path::toString)
                .toList();
        assertThat(offenders)
                .as("start hubs with HubProcess.builder(...) (marketplace off by default), or check the command"
                        + " line with OfflineHub.check")
                .isEmpty();
    }

    @Test
    void everyHttpClientOfTheTestsSendsItsRequestsWithATimeout() {
        List<String> offenders = testSources()
                .filter(file -> !file.endsWith("TestHttp.java"))
                .filter(file -> read(file).contains("HttpClient" + ".new"))
                .filter(file -> !read(file).contains(".timeout("))
                .map(Path::toString)
                .toList();
        assertThat(offenders)
                .as("send requests with TestHttp.shared(), which gives each a timeout, or set HttpRequest.timeout")
                .isEmpty();
    }

    /**
     * This method declares no timeout, yet runs in the thread JUnit gives a method with one: the default of
     * {@code junit-platform.properties} applies, in separate-thread mode, so it guards every test of the suite.
     */
    @Test
    void everyTestRunsUnderTheDefaultTimeoutInAThreadOfItsOwn() {
        assertThat(Thread.currentThread().getName()).startsWith("junit-timeout-thread");
    }

    @Test
    void theRulesSeeTheWholeSuite() {
        assertThat(testSources().map(Path::getFileName).map(Path::toString))
                .contains("HubProcess.java", "TestHttp.java", "CliIT.java");
    }

    private static Stream<Path> testSources() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            List<Path> java = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !file.startsWith(SOURCES.resolve("dev/mcphub/bench")))
                    .toList();
            return java.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
