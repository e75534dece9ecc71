package dev.mcphub.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line, a drop-in for the reference's flags plus the hub's own. */
@Command(
        name = "mcp-hub",
        mixinStandardHelpOptions = true,
        subcommands = KeysCommand.class,
        versionProvider = Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "One place for all your MCP servers: starts and supervises them, serves a REST API under /api,"
                + " a live event stream at /api/events and one MCP endpoint at /mcp.",
        footer = {"", "Example: mcp-hub --port 3000 --config ./global.json --config ./project.json"})
final class Options {
    @Option(
            names = {"-p", "--port"},
            paramLabel = "PORT",
            description = "HTTP port (default: ${DEFAULT-VALUE})")
    int port = 37373;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "Config file, repeatable; later files replace same-named servers. Default:"
                    + " ~/.config/mcphub/servers.json when it exists, else the bundled examples/servers.json")
    List<Path> configs = new ArrayList<>();

    @Option(
            names = {"-w", "--watch"},
            description = "Watch the config files and apply changes while running")
    boolean watch;

    @Option(names = "--auto-shutdown", description = "Exit when the last /api/events client disconnects")
    boolean autoShutdown;

    @Option(
            names = "--shutdown-delay",
            paramLabel = "MS",
            description = "Delay before an auto-shutdown, in milliseconds (default: ${DEFAULT-VALUE})")
    long shutdownDelayMillis = 0;

    @Option(
            names = "--host",
            paramLabel = "HOST",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; any other address needs authentication or"
                    + " --allow-unauthenticated)")
    String host = "127.0.0.1";

    @Option(
            names = "--ready-timeout",
            paramLabel = "SECONDS",
            description = "Longest wait for servers before the hub says ready (default: ${DEFAULT-VALUE})")
    long readyTimeoutSeconds = 30;

    @Option(
            names = "--connect-timeout",
            paramLabel = "SECONDS",
            description = "Longest a server may take to start and initialize (default: ${DEFAULT-VALUE})")
    long connectTimeoutSeconds = 300;

    @Option(
            names = "--allow-origin",
            paramLabel = "ORIGIN",
            description = "A web origin (scheme://host:port) allowed besides localhost, repeatable")
    List<String> allowedOrigins = new ArrayList<>();

    @Option(
            names = "--marketplace-url",
            paramLabel = "URL",
            description = "Registry of the marketplace (default: $MCP_HUB_MARKETPLACE_URL, else the public registry)")
    String marketplaceUrl;

    @Option(
            names = "--github-raw-url",
            paramLabel = "URL",
            description = "Where marketplace READMEs are fetched from (default: https://raw.githubusercontent.com)")
    String githubRawUrl;

    @Option(names = "--no-marketplace", description = "Never contact the marketplace registry or GitHub")
    boolean noMarketplace;

    @Option(
            names = "--no-browser",
            description = "Never open a browser for OAuth authorization links (also: MCP_HUB_NO_BROWSER=1)")
    boolean noBrowser;

    @Option(
            names = "--log-level",
            paramLabel = "LEVEL",
            description = "Lowest level of log lines on stderr and of SSE log events: debug, info, warn, error"
                    + " (default: ${DEFAULT-VALUE})")
    String logLevel = "info";

    @picocli.CommandLine.Mixin
    AuthOptions auth = new AuthOptions();

    @Option(
            names = "--no-metrics",
            description = "Count nothing and answer 404 at /metrics (the benchmark's metrics-off baseline)")
    boolean noMetrics;

    @Option(
            names = "--log-format",
            paramLabel = "FORMAT",
            description = "Format of log lines on stderr: text, or json (one object per line with timestamp, level,"
                    + " logger, server, message and, when tracing, trace_id and span_id; default: ${DEFAULT-VALUE})")
    LogFormat logFormat = LogFormat.text;

    enum LogFormat {
        text,
        json
    }

    @Option(
            names = "--stdio",
            description = "Speak MCP on stdin/stdout for clients that can only start a process: attach to the hub"
                    + " running for the same config, or start one (it exits after its last client, with"
                    + " --shutdown-delay)")
    boolean stdio;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            description = "With --stdio: serve this profile of the config instead of every server")
    String profile;

    @Option(
            names = "--redis",
            paramLabel = "URL",
            description = "Cluster mode: share sessions with other replicas through this Redis, e.g."
                    + " redis://127.0.0.1:6379 (also: MCP_HUB_REDIS_URL); without it the hub runs alone")
    java.net.URI redis;

    @Option(
            names = "--replica",
            paramLabel = "NAME",
            description = "This replica's name in a cluster (default: PID@HOST)")
    String replica;

    @Option(
            names = "--drain-timeout",
            paramLabel = "SECONDS",
            description = "On SIGTERM, how long requests in flight may take to finish after the hub stopped accepting"
                    + " new ones (default: 5 for a replica of a cluster, 1 for a hub on its own)")
    @org.jspecify.annotations.Nullable
    Long drainTimeoutSeconds;

    /**
     * The drain's bound: a replica behind a balancer gives calls time to finish; a hub on its own is usually
     * stopped by the editor that started it, and its supervisor (or a person) waits only a few seconds before
     * killing it, so it finishes what is quick and stops its servers well within that.
     */
    java.time.Duration drainTimeout(boolean replica) {
        return java.time.Duration.ofSeconds(drainTimeoutSeconds != null ? drainTimeoutSeconds : replica ? 5 : 1);
    }

    /** Not for users: lets the integration tests see several heartbeats without waiting ten seconds each. */
    @Option(names = "--heartbeat-ms", hidden = true, paramLabel = "MS")
    long heartbeatMillis = 10_000;
}
