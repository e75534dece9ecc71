package dev.mcphub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.auth.KeysCli;
import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.fixtures.OAuthServer;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.ServersJson;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard of a hub that wants credentials (API keys), in headless Chromium: the page asks to sign in, says
 * why a wrong key is refused, shows a read-only key the servers without letting it stop one, lets an admin key do
 * it with the event stream live (through a ticket), authorizes an OAuth upstream (the OAuth fixture's
 * authorization server) from its Authorize button, and builds tool forms from real servers' schemas.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardAuthIT {
    private static final Path SHOTS = Path.of("target", "dashboard-screenshots");

    @TempDir
    static Path dir;

    private static OAuthServer oauth;
    private static HubProcess hub;
    private static Browser browser;
    private static String adminKey;
    private static String readKey;
    private static Path home;

    @BeforeAll
    static void start() throws Exception {
        home = Files.createDirectories(dir.resolve("home"));
        adminKey = KeysCli.create(home, "ops", "--scope", "admin");
        readKey = KeysCli.create(home, "viewer", "--scope", "read");
        oauth = OAuthServer.builder().start();
        Path config = ServersJson.create()
                .stdio("everything", Fixtures.npmServer("server-everything"))
                .stdio(
                        "memory",
                        Fixtures.npmServer("server-memory"),
                        Map.of("MEMORY_FILE_PATH", dir.resolve("memory.jsonl").toString()))
                .write(dir.resolve("servers.json"));
        JsonNode withRemote = Json.parse(Files.readString(config));
        ((tools.jackson.databind.node.ObjectNode) withRemote.path("mcpServers"))
                .putObject("prot")
                .put("url", oauth.mcpUrl());
        Files.writeString(config, Json.text(withRemote));
        hub = HubProcess.builder(dir)
                .home(home)
                .config(config)
                .args("--no-browser", "--no-marketplace")
                .start();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> "ready".equals(admin("/api/health").path("state").asString("")));
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
        if (oauth != null) {
            oauth.close();
        }
    }

    @Test
    @Order(1)
    void thePageAsksToSignInAndAWrongKeyGetsAClearMessage() throws Exception {
        browser.driver.get(hub.url("/"));
        Browser.until(() -> browser.find("#view-signin").isDisplayed());
        assertThat(browser.find("#views-nav").isDisplayed()).isFalse();
        assertThat(browser.driver.findElements(By.cssSelector("#server-list article")))
                .isEmpty();
        browser.screenshot("signin");
        signIn("mcphub_this-is-not-a-key-of-this-hub");
        Browser.until(() -> browser.find("#signin-error").isDisplayed()
                && browser.find("#signin-error").getText().contains("The API key is unknown, revoked or expired"));
        assertThat(browser.find("#signin-error").getText()).startsWith("The hub refused this key or token");
        assertThat(stored()).isNull();
        browser.screenshot("signin-refused");
    }

    @Test
    @Order(2)
    void aReadOnlyKeySeesTheServersButCannotStopOne() throws Exception {
        signIn(readKey);
        Browser.until(() -> "connected".equals(browser.card("everything").getDomAttribute("data-status")));
        assertThat(browser.find("#who").getText()).contains("key:viewer").contains("read");
        assertThat(stored()).isEqualTo(readKey);
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(readKey);
        assertThat(browser.driver.executeScript(
                        "return localStorage.length === 0 ? null : JSON.stringify(localStorage)"))
                .as("the key is kept in sessionStorage only")
                .satisfiesAnyOf(
                        v -> assertThat(v).isNull(),
                        v -> assertThat(String.valueOf(v)).doesNotContain(readKey));
        WebElement stop = button(browser.card("everything"), "Stop");
        assertThat(stop.isEnabled()).isFalse();
        assertThat(stop.getDomAttribute("title")).isEqualTo("Needs the admin scope; key:viewer has read");
        browser.screenshot("servers-read-only");

        // A page that enables the button anyway gets the hub's refusal, said plainly; the server stays up.
        browser.driver.executeScript("arguments[0].disabled = false", stop);
        stop.click();
        Browser.until(() -> browser.find("#toasts").getText().contains("needs the admin scope; key:viewer has read"));
        assertThat(admin("/api/servers").toString()).contains("\"name\":\"everything\"");
        assertThat(status("everything")).isEqualTo("connected");

        browser.find("#signout").click();
        Browser.until(() -> browser.find("#view-signin").isDisplayed());
        assertThat(stored()).isNull();
    }

    @Test
    @Order(3)
    void anAdminKeyStopsAServerAndTheEventsStreamLiveAfterSignIn() throws Exception {
        signIn(adminKey);
        Browser.until(() -> "live".equals(browser.find("#link").getDomAttribute("data-state")));
        Browser.until(() -> "connected".equals(browser.card("memory").getDomAttribute("data-status")));
        assertThat(browser.find("#who").getText()).contains("key:ops").contains("admin");

        button(browser.card("memory"), "Stop").click();
        Browser.until(() -> "grey".equals(browser.card("memory").getDomAttribute("data-tone")));
        assertThat(status("memory")).isEqualTo("disconnected");

        // A change made elsewhere reaches the page through /api/events (opened with a ticket, not the key).
        adminPost("/api/servers/start", "{\"server_name\":\"memory\"}");
        Browser.until(() -> "green".equals(browser.card("memory").getDomAttribute("data-tone")));
        adminPost("/api/servers/stop", "{\"server_name\":\"everything\"}");
        Browser.until(() -> "grey".equals(browser.card("everything").getDomAttribute("data-tone")));
        adminPost("/api/servers/start", "{\"server_name\":\"everything\"}");
        Browser.until(() -> "green".equals(browser.card("everything").getDomAttribute("data-tone")));
        assertThat(hub.stderr()).noneMatch(line -> line.contains(adminKey));
    }

    @Test
    @Order(3)
    void aSignedInKeyDoesNotReplaceThePagesTokenForChangesMadeFromThePage() throws Exception {
        HubProcess.Reply refused = hub.send(HttpRequest.newBuilder(URI.create(hub.url("/api/config/save")))
                .header("Authorization", "Bearer " + adminKey)
                .header("Content-Type", "application/json")
                .timeout(Browser.WAIT)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"server_name\":\"sneaky\",\"entry\":{\"command\":\"true\"}}")));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("error").asString()).contains("X-MCP-Hub-Token");
        assertThat(Files.readString(dir.resolve("servers.json"))).doesNotContain("sneaky");
    }

    @Test
    @Order(4)
    void theAuthorizeButtonCompletesTheUpstreamsOAuthFlowAndTheServerConnects() throws Exception {
        Browser.until(() -> "unauthorized".equals(browser.card("prot").getDomAttribute("data-status")));
        assertThat(browser.card("prot").getDomAttribute("data-tone")).isEqualTo("violet");
        browser.screenshot("servers-unauthorized");
        String page = browser.driver.getWindowHandle();
        Set<String> before = browser.driver.getWindowHandles();
        button(browser.card("prot"), "Authorize").click();
        // The page opens the authorization server in a new tab; it approves and sends the browser to the hub's
        // callback, which completes the flow; the card turns green from the event stream.
        Browser.until(() -> "connected".equals(browser.card("prot").getDomAttribute("data-status")));
        assertThat(oauth.stats().path("authorizations").size()).isEqualTo(1);
        for (String handle : browser.driver.getWindowHandles()) {
            if (!before.contains(handle)) {
                browser.driver.switchTo().window(handle);
                Browser.until(() -> browser.driver.getPageSource().contains("Authorization successful"));
                assertThat(browser.driver.getCurrentUrl()).contains("/api/oauth/callback");
                browser.driver.close();
            }
        }
        browser.driver.switchTo().window(page);
        assertThat(browser.card("prot").getText())
                .contains("oauth-protected", "tools")
                .doesNotContain("Authorize");
    }

    @Test
    @Order(5)
    void aToolFormOffersEnumsBooleansAndDefaults() throws Exception {
        openTool("everything", "trigger-long-running-operation");
        assertThat(browser.find("#catalog-detail input[name='duration']").getDomProperty("value"))
                .isEqualTo("10");
        assertThat(browser.find("#catalog-detail input[name='steps']").getDomProperty("value"))
                .isEqualTo("5");

        openTool("everything", "get-annotated-message");
        List<WebElement> options =
                browser.find("#catalog-detail select[name='messageType']").findElements(By.tagName("option"));
        assertThat(options.stream().map(WebElement::getText))
                .as("a required enum offers its values and no empty choice")
                .containsExactly("error", "success", "debug");
        WebElement image = browser.find("#catalog-detail input[type='checkbox'][name='includeImage']");
        assertThat(image.isSelected()).as("the default, false").isFalse();
        options.stream()
                .filter(o -> o.getText().equals("success"))
                .findFirst()
                .orElseThrow()
                .click();
        image.click();
        submit();
        Browser.until(() ->
                browser.text("#catalog-detail [data-role='result']").contains("Operation completed successfully"));
        Browser.until(() -> Boolean.TRUE.equals(browser.driver.executeScript(
                "const img = document.querySelector(\"#catalog-detail [data-role='result'] img\");"
                        + " return !!img && img.complete && img.naturalWidth > 0;")));
    }

    @Test
    @Order(6)
    void aToolFormBuildsArraysOfNestedObjectsAndSaysWhichRequiredFieldIsMissing() throws Exception {
        openTool("memory", "create_entities");
        browser.find("#catalog-detail button[aria-label='Add item to entities']")
                .click();
        browser.find("#catalog-detail fieldset fieldset input[name='name']").sendKeys("Ada");
        browser.find("#catalog-detail button[aria-label='Add item to observations']")
                .click();
        browser.find("#catalog-detail input[name='observations[0]']").sendKeys("wrote the first program");
        submit();
        // The browser's own check stops the call and names the field; the label marks it required.
        WebElement entityType = browser.find("#catalog-detail input[name='entityType']");
        assertThat(entityType.getDomProperty("validationMessage")).isNotEmpty();
        assertThat(browser.driver.findElements(By.cssSelector("#catalog-detail input[name='entityType']:invalid")))
                .hasSize(1);
        assertThat(browser.find("#catalog-detail label[for='" + entityType.getDomAttribute("id") + "']")
                        .getText())
                .isEqualTo("entityType *");
        assertThat(browser.text("#catalog-detail [data-role='result']")).isEmpty();
        assertThat(admin("/api/stats").at("/servers/memory/calls").asLong(0))
                .as("nothing was sent")
                .isZero();

        browser.find("#catalog-detail input[name='entityType']").sendKeys("person");
        submit();
        Browser.until(() -> browser.text("#catalog-detail [data-role='result']").contains("wrote the first program"));
        JsonNode graph = callMemory("read_graph");
        assertThat(graph.toString())
                .contains("\"name\":\"Ada\"", "\"entityType\":\"person\"", "wrote the first program");
        browser.screenshot("tool-form");
    }

    @Test
    @Order(7)
    void theRawJsonModeCarriesWhatTheFormShowsAndSendsWhatIsTyped() throws Exception {
        openTool("memory", "open_nodes");
        browser.find("#catalog-detail button[aria-label='Add item to names']").click();
        browser.find("#catalog-detail input[name='names[0]']").sendKeys("Ada");
        browser.clickButton("#catalog-detail", "Raw JSON");
        WebElement raw = browser.find("#catalog-detail textarea[aria-label='Arguments as JSON']");
        assertThat(Json.parse(raw.getDomProperty("value"))).isEqualTo(Json.parse("{\"names\":[\"Ada\"]}"));
        raw.clear();
        raw.sendKeys("{\"names\": [\"Ada\", \"nobody\"]}");
        submit();
        Browser.until(() -> browser.text("#catalog-detail [data-role='result']").contains("wrote the first program"));
        // Back to the form: the typed JSON fills it.
        browser.clickButton("#catalog-detail", "Raw JSON");
        assertThat(browser.find("#catalog-detail input[name='names[1]']").getDomProperty("value"))
                .isEqualTo("nobody");
    }

    @Test
    @Order(8)
    void aKeyRevokedWhileThePageIsOpenSendsItBackToTheSignInWithTheReason() throws Exception {
        String key = KeysCli.create(home, "short-lived", "--scope", "read");
        browser.find("#signout").click();
        Browser.until(() -> browser.find("#view-signin").isDisplayed());
        await().atMost(Browser.WAIT)
                .until(() -> hub.send(HttpRequest.newBuilder(URI.create(hub.url("/api/auth/whoami")))
                                        .header("Authorization", "Bearer " + key)
                                        .timeout(Browser.WAIT)
                                        .GET())
                                .status()
                        == 200);
        signIn(key);
        Browser.until(() -> "live".equals(browser.find("#link").getDomAttribute("data-state")));
        assertThat(KeysCli.run(home, "revoke", "short-lived").exit()).isZero();
        // The hub cuts the key's event stream; the page's next ticket is refused, and it says why.
        Browser.until(() -> browser.find("#view-signin").isDisplayed()
                && browser.find("#signin-error")
                        .getText()
                        .contains("Signed out: The API key is unknown, revoked or expired"));
        assertThat(stored()).isNull();
        assertThat(browser.find("#views-nav").isDisplayed()).isFalse();
    }

    private static JsonNode callMemory(String tool) throws Exception {
        JsonNode reply = adminPost(
                "/api/servers/tools", "{\"server_name\":\"memory\",\"tool\":\"" + tool + "\",\"arguments\":{}}");
        return Json.parse(reply.at("/result/content/0/text").asString());
    }

    private static void signIn(String key) {
        WebElement input = browser.find("#signin-key");
        input.clear();
        input.sendKeys(key);
        browser.find("#signin-form button[type='submit']").click();
    }

    private static Object stored() {
        return browser.driver.executeScript("return sessionStorage.getItem('mcp-hub-credential')");
    }

    private static String status(String server) throws Exception {
        for (JsonNode s : Json.elements(admin("/api/servers").path("servers"))) {
            if (server.equals(s.path("name").asString())) {
                return s.path("status").asString();
            }
        }
        return "missing";
    }

    private static JsonNode admin(String path) throws Exception {
        return hub.send(HttpRequest.newBuilder(URI.create(hub.url(path)))
                        .header("Authorization", "Bearer " + adminKey)
                        .timeout(Browser.WAIT)
                        .GET())
                .json();
    }

    private static JsonNode adminPost(String path, String body) throws Exception {
        HubProcess.Reply reply = hub.send(HttpRequest.newBuilder(URI.create(hub.url(path)))
                .header("Authorization", "Bearer " + adminKey)
                .header("Content-Type", "application/json")
                .timeout(Browser.WAIT)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static void openTool(String server, String tool) {
        go("catalog");
        WebElement search = browser.find("#catalog-search");
        search.clear();
        search.sendKeys(tool);
        String selector = "#catalog-list button[data-kind='tool'][data-server='" + server + "']";
        Browser.until(() -> browser.driver.findElements(By.cssSelector(selector)).stream()
                .anyMatch(b -> tool.equals(b.getDomAttribute("data-name"))));
        browser.driver.findElements(By.cssSelector(selector)).stream()
                .filter(b -> tool.equals(b.getDomAttribute("data-name")))
                .findFirst()
                .orElseThrow()
                .click();
        Browser.until(() -> browser.text("#catalog-detail").contains(tool));
    }

    private static void submit() {
        browser.find("#catalog-detail button[type='submit']").click();
    }

    private static void go(String view) {
        browser.driver.executeScript("location.hash = arguments[0]", "#" + view);
        Browser.until(
                () -> !browser.find("#view-" + view).getDomProperty("hidden").equals("true"));
    }

    private static WebElement button(WebElement card, String label) {
        List<WebElement> buttons = card.findElements(By.cssSelector("button"));
        return buttons.stream()
                .filter(b -> b.getText().equals(label))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no button '" + label + "' in " + card.getText()));
    }
}
