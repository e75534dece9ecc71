package dev.mcphub.cli;

import dev.mcphub.api.Browser;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens authorization links with the desktop's own opener: {@code open} on macOS, {@code xdg-open} where a
 * display exists, {@code rundll32} on Windows. A machine without one (a server, a container) just gets the
 * link in the log; {@code --no-browser} or {@code MCP_HUB_NO_BROWSER=1} turns opening off. The link is an
 * argument, never part of a shell command.
 */
final class SystemBrowser implements Browser {
    private static final Logger log = LoggerFactory.getLogger(SystemBrowser.class);

    private final Map<String, String> env;

    private SystemBrowser(Map<String, String> env) {
        this.env = env;
    }

    static Browser choose(boolean disabled, Map<String, String> env) {
        String off = env.getOrDefault("MCP_HUB_NO_BROWSER", "");
        if (disabled || (!off.isEmpty() && !off.equals("0") && !off.equalsIgnoreCase("false"))) {
            return url -> log.info("not opening a browser (turned off); open this link to authorize: {}", url);
        }
        return new SystemBrowser(env);
    }

    @Override
    public void open(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
            log.warn("not opening a link that is not http(s): {}", url);
            return;
        }
        List<String> command = command(url);
        if (command == null) {
            log.info("no browser on this machine; open this link to authorize: {}", url);
            return;
        }
        try {
            Process opener = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File(nullDevice())))
                    .start();
            Thread.ofVirtual().name("browser-opener").start(() -> reap(opener));
        } catch (IOException e) {
            log.info(
                    "could not start {} ({}); open this link to authorize: {}",
                    command.getFirst(),
                    e.getMessage(),
                    url);
        }
    }

    private List<String> command(String url) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("mac")) {
            return List.of("open", url);
        }
        if (os.startsWith("windows")) {
            return List.of("rundll32", "url.dll,FileProtocolHandler", url);
        }
        boolean display = !env.getOrDefault("DISPLAY", "").isEmpty()
                || !env.getOrDefault("WAYLAND_DISPLAY", "").isEmpty();
        return display ? List.of("xdg-open", url) : null;
    }

    private static String nullDevice() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "NUL" : "/dev/null";
    }

    private static void reap(Process opener) {
        try {
            if (!opener.waitFor(30, TimeUnit.SECONDS)) {
                opener.destroy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
