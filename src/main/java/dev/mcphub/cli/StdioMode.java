package dev.mcphub.cli;

import dev.mcphub.bridge.HubLocator;
import dev.mcphub.bridge.StdioBridge;
import dev.mcphub.config.HubDirs;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code mcp-hub --stdio}: finds or starts the hub for the config and bridges standard input and output to
 * its MCP endpoint. Standard output is taken for JSON-RPC before anything else runs: whatever else writes
 * to {@code System.out} ends up on standard error instead, so that the client's stream stays clean.
 */
final class StdioMode {
    private StdioMode() {}

    static int run(Options options) {
        OutputStream jsonRpc = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        LogBridge.level(options.logLevel.equals("info") ? "warn" : options.logLevel);
        Map<String, String> env = System.getenv();
        List<Path> files = ConfigFiles.choose(options.configs, env);
        HubDirs dirs = HubDirs.fromEnvironment(env);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HubLocator locator = new HubLocator(dirs.state(), files, http);
        URI base;
        try {
            Optional<URI> running = locator.find();
            base = running.isPresent() ? running.get() : locator.start(launch(options, dirs));
        } catch (IOException e) {
            System.err.println("mcp-hub: --stdio could not reach a hub: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        String path = options.profile == null ? "/mcp" : "/profiles/" + options.profile + "/mcp";
        System.err.println("mcp-hub: --stdio bridging to " + base.resolve(path));
        try {
            // A call may run as long as the hub lets it; the hub's own timeouts answer before this one.
            return new StdioBridge(base, path, http, jsonRpc, Duration.ofHours(1)).run(System.in);
        } catch (IOException e) {
            System.err.println("mcp-hub: --stdio: " + e.getMessage());
            return 1;
        }
    }

    /** The hub to start: this same installation, with the flags that concern a hub. */
    private static HubLocator.Launch launch(Options options, HubDirs dirs) {
        List<String> java = new ArrayList<>();
        java.add(ProcessHandle.current().info().command().orElse("java"));
        java.addAll(List.of("-cp", codeSource(), Main.class.getName()));
        List<String> flags = new ArrayList<>(List.of(
                "--auto-shutdown",
                "--shutdown-delay",
                Long.toString(options.shutdownDelayMillis),
                "--log-level",
                options.logLevel,
                "--ready-timeout",
                Long.toString(options.readyTimeoutSeconds),
                "--connect-timeout",
                Long.toString(options.connectTimeoutSeconds)));
        if (options.watch) {
            flags.add("--watch");
        }
        if (options.noMarketplace) {
            flags.add("--no-marketplace");
        }
        if (options.marketplaceUrl != null) {
            flags.addAll(List.of("--marketplace-url", options.marketplaceUrl));
        }
        if (options.noBrowser) {
            flags.add("--no-browser");
        }
        return new HubLocator.Launch(
                java,
                flags,
                dirs.logs().resolve("stdio-started-hub.log"),
                Duration.ofSeconds(options.readyTimeoutSeconds + 30L));
    }

    private static String codeSource() {
        try {
            return Path.of(StdioMode.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (Exception e) {
            return System.getProperty("java.class.path");
        }
    }
}
