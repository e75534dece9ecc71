package dev.mcphub.mcp;

import static org.awaitility.Awaitility.await;

import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hub jar with a config of real upstreams (in the order given, which is the order of the merged lists), ready
 * and with every enabled server connected before a test uses it. The marketplace stays off: tests have no network.
 *
 * <p>Also the JUnit extension the {@code /mcp} tests share: registered as a static field, it starts the hub (in a
 * directory of its own) before the class's tests and stops it after them, and answers for it:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestHub hub = TestHub.with("everything", Upstreams.everything()).debugLog();
 * }</pre>
 */
final class TestHub implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, ObjectNode> servers = new LinkedHashMap<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>(List.of("--no-marketplace"));
    private final Set<String> failing = new HashSet<>();
    private Path dir;
    private HubProcess running;

    static TestHub with(String name, ObjectNode entry) {
        return new TestHub().and(name, entry);
    }

    TestHub and(String name, ObjectNode entry) {
        servers.put(name, entry);
        return this;
    }

    /** A server that is expected not to connect; start() does not wait for it. */
    TestHub failing(String name, ObjectNode entry) {
        failing.add(name);
        return and(name, entry);
    }

    /** Items per page of the hub's merged lists (a hidden setting of the hub for tests). */
    TestHub pageSize(int size) {
        jvmArgs.add("-Dmcphub.mcp.pageSize=" + size);
        return this;
    }

    /** How long a call may wait for an upstream (a hidden setting of the hub for tests). */
    TestHub callTimeout(Duration timeout) {
        jvmArgs.add("-Dmcphub.mcp.callTimeoutMs=" + timeout.toMillis());
        return this;
    }

    /** More flags for the hub, e.g. {@code --redis URL}. */
    TestHub args(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    /** Debug logging: the hub then logs every stderr line of its stdio servers, which tests can look for. */
    TestHub debugLog() {
        args.addAll(List.of("--log-level", "debug"));
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("mcp-hub-it-");
        running = start(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        closeQuietly(running);
        running = null;
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    /** The running hub (between beforeAll and afterAll). */
    HubProcess process() {
        if (running == null) {
            throw new IllegalStateException("the hub runs only while its test class does");
        }
        return running;
    }

    String url(String path) {
        return process().url(path);
    }

    int port() {
        return process().port();
    }

    long pid() {
        return process().pid();
    }

    List<String> stderr() {
        return process().stderr();
    }

    HubProcess.Reply get(String path) throws IOException, InterruptedException {
        return process().get(path);
    }

    HubProcess.Reply post(String path, String body) throws IOException, InterruptedException {
        return process().post(path, body);
    }

    HubProcess.Reply send(java.net.http.HttpRequest.Builder request) throws IOException, InterruptedException {
        return process().send(request);
    }

    /** Starts the hub in {@code dir} for a test that manages its lifecycle itself. */
    HubProcess start(Path dir) throws IOException {
        ObjectNode config = Json.object();
        ObjectNode entries = config.putObject("mcpServers");
        servers.forEach(entries::set);
        Path file = Files.writeString(dir.resolve("mcp-servers.json"), Json.text(config));
        HubProcess hub = HubProcess.builder(dir)
                .config(file)
                .args(args.toArray(String[]::new))
                .jvmArgs(jvmArgs.toArray(String[]::new))
                .start();
        try {
            hub.awaitReady(Duration.ofSeconds(90));
            awaitStatus(
                    hub,
                    servers.keySet().stream()
                            .filter(name -> !failing.contains(name))
                            .toList(),
                    "connected");
            return hub;
        } catch (RuntimeException e) {
            System.err.println(String.join("\n", hub.stderr()));
            closeQuietly(hub);
            throw e;
        }
    }

    /** Waits until every named server has {@code status} in /api/servers. */
    static void awaitStatus(HubProcess hub, List<String> names, String status) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Map<String, String> statuses = new LinkedHashMap<>();
                    for (JsonNode server : hub.get("/api/servers").json().path("servers")) {
                        statuses.put(
                                server.path("name").asString(),
                                server.path("status").asString());
                    }
                    return names.stream().allMatch(name -> status.equals(statuses.get(name)));
                });
    }

    /** POST /api/servers/{start,stop} for one server, as a user would. */
    static JsonNode serverCommand(HubProcess hub, String command, String server) {
        try {
            HubProcess.Reply reply =
                    hub.post("/api/servers/" + command, Json.text(Json.object().put("server_name", server)));
            if (reply.status() != 200) {
                throw new IllegalStateException(
                        command + " " + server + " answered " + reply.status() + ": " + reply.body());
            }
            return reply.json();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts cluster replicas named {@code names}, each serving server-everything with {@code redisUrl}, adding each
     * to {@code replicas} as soon as it runs (so the caller's cleanup closes what started if a later one fails).
     */
    static void startReplicas(List<HubProcess> replicas, String redisUrl, Path dir, String... names) throws Exception {
        for (String name : names) {
            replicas.add(TestHub.with("everything", Upstreams.everything())
                    .args("--redis", redisUrl, "--replica", name)
                    .start(Files.createDirectory(dir.resolve(name))));
        }
    }

    static void closeQuietly(HubProcess hub) {
        if (hub == null) {
            return;
        }
        try {
            hub.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
