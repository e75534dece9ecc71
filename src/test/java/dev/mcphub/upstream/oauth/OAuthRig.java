package dev.mcphub.upstream.oauth;

import dev.mcphub.fixtures.OAuthServer;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.node.ObjectNode;

/**
 * The set-up the OAuth integration tests share, as a JUnit extension: a real authorization server (the fixture),
 * a real hub configured with servers it protects ({@code --no-browser}: the test is the browser), and both closed
 * after each test, hub first.
 *
 * <pre>{@code
 * @RegisterExtension
 * final OAuthRig oauth = new OAuthRig();
 * }</pre>
 */
final class OAuthRig implements AfterEachCallback {
    static final Duration READY = Duration.ofSeconds(30);

    private OAuthServer server;
    private HubProcess hub;

    /** Starts the authorization server (and the MCP server it protects); closed after the test. */
    OAuthServer start(OAuthServer.Builder builder) throws Exception {
        server = builder.start();
        return server;
    }

    /** Starts a hub on these servers (written to {@code dir/servers.json}) without waiting for ready. */
    HubProcess startHub(Path dir, Map<String, ObjectNode> servers, String... args) throws Exception {
        ObjectNode config = Json.object();
        ObjectNode entries = config.putObject("mcpServers");
        servers.forEach(entries::set);
        Path file = Files.writeString(dir.resolve("servers.json"), config.toPrettyString());
        hub = HubProcess.builder(dir)
                .config(file)
                .args("--no-browser")
                .args(args)
                .start();
        return hub;
    }

    /** A ready hub on these servers, and a user agent for it. */
    UserAgent hub(Path dir, Map<String, ObjectNode> servers, String... args) throws Exception {
        startHub(dir, servers, args).awaitReady(READY);
        return new UserAgent(hub);
    }

    /** A ready hub whose one server, "prot", the user has authorized in the browser. */
    UserAgent authorizedHub(Path dir) throws Exception {
        UserAgent user = hub(dir, Map.of("prot", entry(server.mcpUrl())));
        user.awaitStatus("prot", "unauthorized", READY);
        user.authorizeInBrowser("prot");
        return user;
    }

    /** Stops the hub with SIGTERM; it must exit 0. {@link #restartHub} starts it again. */
    void stopHub() throws InterruptedException {
        int exit = hub.stop(Duration.ofSeconds(15));
        if (exit != 0) {
            throw new AssertionError("the hub exited with " + exit + ":\n" + String.join("\n", hub.stderr()));
        }
    }

    /** Starts the stopped hub again, with the same home (and so the same stored tokens) and config. */
    UserAgent restartHub(Path dir) throws Exception {
        hub = HubProcess.builder(dir)
                .home(hub.home())
                .config(dir.resolve("servers.json"))
                .args("--no-browser")
                .start()
                .awaitReady(READY);
        return new UserAgent(hub);
    }

    HubProcess hub() {
        return hub;
    }

    /** A remote server entry for the config. */
    static ObjectNode entry(String url) {
        return Json.object().put("url", url);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            if (hub != null) {
                hub.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }
}
