package dev.mcphub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.HubServers;
import dev.mcphub.testing.ServersJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in a real browser (headless Chromium) against a real hub with real servers (server-everything,
 * server-memory) and the marketplace on a loopback fixture. The tests run in order on one page, as a person would
 * use it; screenshots of every view go to target/dashboard-screenshots.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
    private static final Path SHOTS = Path.of("target", "dashboard-screenshots");

    @TempDir
    static Path dir;

    private static LoopbackRegistry registry;
    private static HubProcess hub;
    private static Browser browser;
    private static Path config;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        config = ServersJson.create()
                .stdio("everything", Fixtures.npmServer("server-everything"), Map.of("API_KEY", "not-for-your-eyes"))
                .stdio("memory", Fixtures.npmServer("server-memory"))
                .stdio(
                        "apps",
                        List.of(
                                "node",
                                Fixtures.dir().resolve("apps/ui-app.mjs").toString()))
                .write(dir.resolve("servers.json"));
        registry = new LoopbackRegistry();
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort(); // A fixed port, so that a restarted hub is where the page looks for it.
        }
        hub = startHub();
        browser = new Browser(Files.createDirectories(dir.resolve("chromium-profile")), SHOTS);
    }

    private static HubProcess startHub() throws Exception {
        return HubProcess.builder(dir)
                .config(config)
                .args(
                        "--port",
                        String.valueOf(port),
                        "--watch",
                        "--marketplace-url",
                        registry.base() + "/registry.json",
                        "--github-raw-url",
                        registry.base() + "/raw")
                .start()
                .awaitReady(Browser.WAIT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (hub != null) {
            hub.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    @Order(1)
    void thePageLoadsWithEveryServerConnectedAndNoConsoleErrors() throws Exception {
        browser.driver.get(hub.url("/"));
        Browser.until(() -> "connected".equals(browser.card("everything").getDomAttribute("data-status"))
                && "connected".equals(browser.card("memory").getDomAttribute("data-status")));
        Browser.until(() -> "live".equals(browser.find("#link").getDomAttribute("data-state")));
        assertThat(browser.card("everything").getText()).contains("stdio", "tools");
        browser.screenshot("servers");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(2)
    void aChangeWithoutThePagesTokenIsRefusedAndChangesNothing() throws Exception {
        String before = Files.readString(config);
        String edit = "{\"server_name\":\"sneaky\",\"entry\":{\"command\":\"true\"}}";
        HubProcess.Reply refused = hub.post("/api/config/save", edit);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("code").asString()).isEqualTo("FORBIDDEN");
        assertThat(refused.json().path("error").asString()).contains("X-MCP-Hub-Token");
        assertThat(Files.readString(config)).isEqualTo(before);
    }

    @Test
    @Order(2)
    void aServerStoppedOverRestTurnsGreyOnThePage() throws Exception {
        assertThat(hub.post("/api/servers/stop", "{\"server_name\":\"memory\"}").status())
                .isEqualTo(200);
        Browser.until(() -> "grey".equals(browser.card("memory").getDomAttribute("data-tone")));
        assertThat(browser.card("memory").getDomAttribute("data-status")).isEqualTo("disconnected");
        hub.post("/api/servers/start", "{\"server_name\":\"memory\"}");
        Browser.until(() -> "green".equals(browser.card("memory").getDomAttribute("data-tone")));
    }

    @Test
    @Order(3)
    void aToolCalledFromItsGeneratedFormShowsTheResult() throws Exception {
        openTool("everything", "echo");
        WebElement message = browser.find("#catalog-detail [name='message']");
        message.sendKeys("hello from the dashboard");
        browser.find("#catalog-detail button[type='submit']").click();
        Browser.until(() -> browser.text("#catalog-detail [data-role='result']").contains("hello from the dashboard"));
        browser.screenshot("tools");
    }

    @Test
    @Order(4)
    void anImageResultIsShown() throws Exception {
        openTool("everything", "get-tiny-image");
        browser.find("#catalog-detail button[type='submit']").click();
        Browser.until(() -> Boolean.TRUE.equals(browser.driver.executeScript(
                "const img = document.querySelector(\"#catalog-detail [data-role='result'] img\");"
                        + " return !!img && img.complete && img.naturalWidth > 0;")));
    }

    @Test
    @Order(4)
    void anMcpAppRendersWithItsOwnScriptInASandboxedFrame() throws Exception {
        openTool("apps", "show_greeting");
        browser.find("#catalog-detail button[type='submit']").click();
        Browser.until(() -> !browser.driver
                .findElements(By.cssSelector("#catalog-detail iframe.app"))
                .isEmpty());
        WebElement frame = browser.find("#catalog-detail iframe.app");
        assertThat(frame.getDomAttribute("sandbox")).isEqualTo("allow-scripts");
        browser.driver.switchTo().frame(frame);
        try {
            Browser.until(() -> browser.find("#title").getText().equals("Hello from an MCP App"));
            // An opaque origin: the app can neither read the dashboard nor pass the hub's Origin check.
            assertThat(browser.find("body").getDomAttribute("data-origin")).isEqualTo("null");
        } finally {
            browser.driver.switchTo().defaultContent();
        }
        browser.screenshot("mcp-app");
    }

    @Test
    @Order(4)
    void aPromptIsGotWithItsArgumentsAndAResourceTemplateIsRead() throws Exception {
        openItem("prompt", "everything", "args-prompt");
        browser.find("#catalog-detail [name='city']").sendKeys("Lisbon");
        browser.find("#catalog-detail button[type='submit']").click();
        Browser.until(() -> browser.text("#catalog-detail [data-role='result']").contains("What's weather in Lisbon?"));

        openItem("template", "everything", "demo://resource/dynamic/text/{resourceId}");
        browser.find("#catalog-detail [name='resourceId']").sendKeys("7");
        browser.find("#catalog-detail button[type='submit']").click();
        Browser.until(
                () -> browser.text("#catalog-detail [data-role='result']").contains("demo://resource/dynamic/text/7"));
    }

    @Test
    @Order(5)
    void aProgressBarMovesForALongCallAndCancelStopsIt() throws Exception {
        long cancelledBefore =
                hub.get("/api/stats").json().at("/servers/everything/cancelled").asLong(0);
        openTool("everything", "trigger-long-running-operation");
        WebElement duration = browser.find("#catalog-detail input[name='duration']");
        duration.clear();
        duration.sendKeys("30");
        WebElement steps = browser.find("#catalog-detail input[name='steps']");
        steps.clear();
        steps.sendKeys("30");
        browser.find("#catalog-detail button[type='submit']").click();
        Browser.until(() -> progress() >= 2);
        browser.screenshot("progress");
        browser.find("#catalog-detail button.danger").click();
        Browser.until(() -> !browser.driver
                .findElements(By.cssSelector("#catalog-detail [data-role='cancelled']"))
                .isEmpty());
        double stoppedAt = progress();
        assertThat(stoppedAt).isLessThan(30);
        JsonNode stats = hub.get("/api/stats").json().path("servers").path("everything");
        assertThat(stats.path("cancelled").asLong()).isEqualTo(cancelledBefore + 1);
        assertThat(stats.path("active").asLong()).isZero();
    }

    @Test
    @Order(6)
    void closingAStreamedCallCancelsItAtTheServer() throws Exception {
        long cancelledBefore =
                hub.get("/api/stats").json().at("/servers/everything/cancelled").asLong(0);
        String token =
                hub.get("/api/dashboard/session").json().path("csrfToken").asString();
        byte[] body = ("{\"server_name\":\"everything\",\"tool\":\"trigger-long-running-operation\","
                        + "\"arguments\":{\"duration\":30,\"steps\":30}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), hub.port())) {
            socket.setSoTimeout(30_000);
            String head = "POST /api/servers/tools/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nX-MCP-Hub-Token: " + token + "\r\nContent-Length: "
                    + body.length + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            var in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("event: progress")) {
                // the status line, headers, the call event: read on to the first progress
            }
            assertThat(line).isEqualTo("event: progress");
        }
        await().atMost(Browser.WAIT).untilAsserted(() -> {
            JsonNode stats = hub.get("/api/stats").json().at("/servers/everything");
            assertThat(stats.path("cancelled").asLong()).isEqualTo(cancelledBefore + 1);
            assertThat(stats.path("active").asLong()).isZero();
        });
    }

    @Test
    @Order(6)
    void aConfigEditSavedFromThePageAddsAServerThatThenAppearsConnected() throws Exception {
        go("config");
        Browser.until(() -> !browser.driver
                .findElements(By.cssSelector("#config-files button[data-server='everything']"))
                .isEmpty());
        browser.find("#config-new").click();
        browser.find("#cfg-name").sendKeys("added");
        List<String> command = Fixtures.npmServer("server-memory");
        String entry = "{\"command\": \"" + command.getFirst() + "\", \"args\": [\"" + command.get(1) + "\"]}";
        setValue("#cfg-entry", entry);
        browser.clickButton("#config-editor", "Save");
        Browser.until(() -> !browser.driver
                .findElements(By.cssSelector("#config-editor [data-role='saved']"))
                .isEmpty());
        assertThat(browser.text("#config-editor")).contains("added: added");
        browser.driver.executeScript("document.querySelector('#config-editor .diff').scrollIntoView({block: 'end'})");
        browser.screenshot("config");
        HubServers.awaitStatus(hub, "added", "connected", Browser.WAIT);
        assertThat(Files.readString(config)).contains("\"added\"", "not-for-your-eyes");
        go("servers");
        Browser.until(() -> "connected".equals(browser.card("added").getDomAttribute("data-status")));
    }

    @Test
    @Order(7)
    void anInvalidEditShowsTheLoadersMessageAndChangesNothing() throws Exception {
        String before = Files.readString(config);
        go("config");
        browser.find("#config-new").click();
        browser.find("#cfg-name").sendKeys("broken");
        setValue("#cfg-entry", "{\"args\": [\"x\"]}");
        browser.clickButton("#config-editor", "Save");
        Browser.until(() -> browser.text("#config-editor [data-role='config-error']")
                .equals("Server 'broken' must include either command (for stdio) or url (for sse)"));
        browser.screenshot("config-invalid");
        assertThat(Files.readString(config)).isEqualTo(before);
        assertThat(HubServers.status(hub, "broken").isMissingNode()).isTrue();
    }

    @Test
    @Order(8)
    void theLogViewReceivesALine() throws Exception {
        go("logs");
        // A stderr line of server-everything, read from the hub's stderr route ...
        Browser.until(() -> browser.text("#log-lines").contains("Starting default (STDIO) server"));
        // ... and a live log event: the hub says so when a server connects again.
        hub.post("/api/servers/stop", "{\"server_name\":\"memory\"}");
        hub.post("/api/servers/start", "{\"server_name\":\"memory\"}");
        Browser.until(() -> browser.driver.findElements(By.cssSelector("#log-lines li[data-level='info']")).stream()
                .anyMatch(li -> li.getText().contains("memory: connected")));
        browser.screenshot("logs");
    }

    @Test
    @Order(9)
    void theMarketplaceShowsAServersReadmeAndAddsItToTheConfigEditor() throws Exception {
        go("marketplace");
        Browser.until(() -> !browser.driver
                .findElements(By.cssSelector("#market-list button[data-mcp-id='github']"))
                .isEmpty());
        browser.find("#market-list button[data-mcp-id='github']").click();
        Browser.until(() -> !browser.driver
                .findElements(By.cssSelector("#market-detail .markdown"))
                .isEmpty());
        browser.screenshot("marketplace");
        assertThat(browser.driver.findElements(By.cssSelector("#market-detail .markdown script")))
                .isEmpty();
        browser.clickButton("#market-detail", "Add to config");
        Browser.until(() -> "github".equals(browser.find("#cfg-name").getDomProperty("value")));
        assertThat(browser.find("#cfg-entry").getDomProperty("value")).contains("@example/github-mcp");
    }

    @Test
    @Order(10)
    void theHealthViewCountsTheCallsAndThePageLoggedNoErrors() throws Exception {
        go("health");
        Browser.until(() -> browser.driver
                                .findElements(By.cssSelector("#health-rows tr[data-server='everything'] td"))
                                .size()
                        > 2
                && !browser.driver
                        .findElements(By.cssSelector("#health-rows tr[data-server='everything'] td"))
                        .get(1)
                        .getText()
                        .equals("0"));
        browser.screenshot("health");
        browser.find("#theme").click(); // auto -> light
        browser.find("#theme").click(); // light -> dark
        assertThat(browser.find("html").getDomAttribute("data-theme")).isEqualTo("dark");
        go("servers");
        browser.screenshot("servers-dark");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(11)
    void thePageReconnectsByItselfWhenTheHubRestarts() throws Exception {
        long oldPid = HubServers.pid(hub, "everything");
        hub.close();
        Browser.until(() -> !"live".equals(browser.find("#link").getDomAttribute("data-state")));
        hub = startHub();
        long newPid = HubServers.pid(hub, "everything");
        Browser.until(() -> "live".equals(browser.find("#link").getDomAttribute("data-state"))
                && browser.card("everything").getText().contains(String.valueOf(newPid)));
        assertThat(newPid).isNotEqualTo(oldPid);
        // The restarted hub has a new token; the page fetches it and can change things again.
        openTool("everything", "echo");
        browser.find("#catalog-detail [name='message']").sendKeys("after the restart");
        browser.find("#catalog-detail button[type='submit']").click();
        Browser.until(() -> browser.text("#catalog-detail [data-role='result']").contains("after the restart"));
    }

    private static void openTool(String server, String tool) {
        openItem("tool", server, tool);
    }

    private static void openItem(String kind, String server, String name) {
        go("catalog");
        WebElement search = browser.find("#catalog-search");
        search.clear();
        search.sendKeys(name);
        String selector = "#catalog-list button[data-kind='" + kind + "'][data-server='" + server + "']";
        Browser.until(() -> browser.driver.findElements(By.cssSelector(selector)).stream()
                .anyMatch(b -> name.equals(b.getDomAttribute("data-name"))));
        browser.driver.findElements(By.cssSelector(selector)).stream()
                .filter(b -> name.equals(b.getDomAttribute("data-name")))
                .findFirst()
                .orElseThrow()
                .click();
        Browser.until(() -> browser.text("#catalog-detail").contains(name));
    }

    private static void go(String view) {
        browser.driver.executeScript("location.hash = arguments[0]", "#" + view);
        Browser.until(
                () -> !browser.find("#view-" + view).getDomProperty("hidden").equals("true"));
    }

    private static double progress() {
        Object value = browser.driver.executeScript(
                "const p = document.querySelector('#catalog-detail progress'); return p && p.hasAttribute('value') ? p.value : -1;");
        return ((Number) value).doubleValue();
    }

    private static void setValue(String selector, String value) {
        WebElement area = browser.find(selector);
        area.clear();
        area.sendKeys(value);
    }
}
