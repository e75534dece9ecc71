package dev.mcphub.dashboard;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The system's headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which bin/test installs when
 * missing), driven through its own chromedriver: nothing is downloaded, and a fresh profile per run.
 */
final class Browser implements AutoCloseable {
    /** How long a page may take to show what a test waits for: generous, for a loaded machine. */
    static final Duration WAIT = Duration.ofSeconds(30);

    static final Path CHROMIUM = Path.of(System.getProperty("mcphub.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("mcphub.chromedriver", "/usr/bin/chromedriver"));

    final ChromeDriver driver;
    private final Path screenshots;

    Browser(Path profile, Path screenshots) throws IOException {
        this.screenshots = Files.createDirectories(screenshots);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,880",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    /** The console's errors since the last call (Chromium reports them as SEVERE). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /** A PNG of the page as it is, under target/ (a test artifact). */
    Path screenshot(String name) throws IOException {
        Path file = screenshots.resolve(name + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /** The first element that matches {@code selector}; fails when there is none. */
    WebElement find(String selector) {
        return driver.findElement(By.cssSelector(selector));
    }

    /** The text of the first element that matches, or "" when there is none (yet). */
    String text(String selector) {
        List<WebElement> found = driver.findElements(By.cssSelector(selector));
        return found.isEmpty() ? "" : found.getFirst().getText();
    }

    /** A server's card on the Servers view. */
    WebElement card(String server) {
        return find("#server-list article[data-server='" + server + "']");
    }

    /** Clicks the first button under {@code within} whose label starts with {@code label}. */
    void clickButton(String within, String label) {
        driver.findElements(By.cssSelector(within + " button")).stream()
                .filter(b -> b.getText().startsWith(label))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no button '" + label + "' in " + within))
                .click();
    }

    /** Waits for a condition of the page; an element that is not there yet (or was redrawn) is "not yet". */
    static void until(Callable<Boolean> condition) {
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(condition);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
