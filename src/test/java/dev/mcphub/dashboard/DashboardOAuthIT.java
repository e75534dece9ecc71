package dev.mcphub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.fixtures.OidcProvider;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.ServersJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard of a hub that accepts OAuth access tokens from a real authorization server (oidc-provider, whose
 * test interaction signs in as alice and grants what is asked), in headless Chromium: the page offers to sign
 * in there, goes and comes back, and is signed in with a token it never put in an address; a forged return is
 * refused.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardOAuthIT {
    private static final Path SHOTS = Path.of("target", "dashboard-screenshots");

    @TempDir
    static Path dir;

    private static OidcProvider provider;
    private static HubProcess hub;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        provider = OidcProvider.start();
        Path config = ServersJson.create()
                .stdio(
                        "memory",
                        Fixtures.npmServer("server-memory"),
                        Map.of("MEMORY_FILE_PATH", dir.resolve("memory.jsonl").toString()))
                .write(dir.resolve("servers.json"));
        hub = HubProcess.builder(dir)
                .config(config)
                .args("--no-marketplace", "--auth-issuer", provider.issuer())
                .start();
        provider.resource("http://127.0.0.1:" + hub.port());
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> hub.get("/api/auth/dashboard").json().path("oauth").asBoolean(false));
        browser = new Browser(Files.createDirectories(dir.resolve("chromium-profile")), SHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (hub != null) {
            hub.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    @Order(1)
    void aReturnThisTabDidNotStartIsRefused() {
        browser.driver.get(hub.url("/?code=forged&state=forged"));
        Browser.until(() -> browser.find("#view-signin").isDisplayed()
                && browser.find("#signin-error").getText().contains("This sign-in was not started in this tab"));
        assertThat(browser.driver.getCurrentUrl()).doesNotContain("code=");
    }

    @Test
    @Order(2)
    void thePageSignsInAtTheAuthorizationServerAndComesBackSignedIn() throws Exception {
        Browser.until(() -> browser.find("#signin-oauth").isDisplayed());
        assertThat(browser.find("#signin-oauth-button").getText())
                .contains(java.net.URI.create(provider.issuer()).getAuthority());
        browser.screenshot("signin-oauth");
        browser.find("#signin-oauth-button").click();
        Browser.until(() -> browser.driver.getCurrentUrl().startsWith(hub.url("/"))
                && browser.find("#who").isDisplayed());
        assertThat(browser.find("#who").getText()).contains("token:alice").contains("admin");
        assertThat(browser.driver.getCurrentUrl()).doesNotContain("code=").doesNotContain("state=");
        Object token = browser.driver.executeScript("return sessionStorage.getItem('mcp-hub-credential')");
        assertThat(String.valueOf(token)).as("a JWT access token").matches("[^.]+\\.[^.]+\\.[^.]+");
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(String.valueOf(token));
        Browser.until(() -> "connected"
                .equals(browser.find("#server-list article[data-server='memory']")
                        .getDomAttribute("data-status")));
        Browser.until(() -> "live".equals(browser.find("#link").getDomAttribute("data-state")));
        assertThat(hub.stderr()).noneMatch(line -> line.contains(String.valueOf(token)));
    }
}
