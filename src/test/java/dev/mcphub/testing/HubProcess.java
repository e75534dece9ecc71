package dev.mcphub.testing;

import static org.awaitility.Awaitility.await;

import dev.mcphub.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The hub jar ({@code target/mcp-hub.jar}, built by {@code package} before the ITs) running as a real
 * process on a random port, with HOME and the XDG directories in a temporary directory so that tests never
 * touch the user's state. Its stderr is kept for assertions and printed when a test fails.
 *
 * <p>Tests never leave loopback: a hub starts with {@code --no-marketplace} unless the test points the
 * marketplace at a loopback fixture with {@link Builder#marketplace}, and {@link OfflineHub} refuses any other
 * command line. Every request has a timeout ({@link TestHttp}).
 */
public final class HubProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

    private final Process process;
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final Path home;
    private volatile int port = -1;

    private HubProcess(Process process, Path home) {
        this.process = process;
        this.home = home;
        // Platform threads: virtual threads blocked on pipes hold their carriers and starve the test JVM.
        Thread.ofPlatform().daemon().name("hub-stderr").start(this::readStderr);
        Thread.ofPlatform().daemon().name("hub-stdout").start(this::drainStdout);
    }

    /** A builder: config file, extra flags, extra environment. */
    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    public static final class Builder {
        private final Path workDir;
        private final List<String> args = new ArrayList<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private Path home;

        private Builder(Path workDir) {
            this.workDir = workDir;
        }

        public Builder config(Path config) {
            args.add("--config");
            args.add(config.toString());
            return this;
        }

        public Builder args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        /** Options for the hub's JVM, e.g. {@code -Dmcphub.mcp.pageSize=5}. */
        public Builder jvmArgs(String... more) {
            jvmArgs.addAll(List.of(more));
            return this;
        }

        /**
         * Turns the marketplace on, against a registry and a README host on loopback (a fixture); without this
         * the hub runs with {@code --no-marketplace}.
         */
        public Builder marketplace(URI registry, URI githubRaw) {
            args.addAll(List.of("--marketplace-url", registry.toString(), "--github-raw-url", githubRaw.toString()));
            return this;
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Shares a home (and so the state directories) with another hub, e.g. to test restarts. */
        public Builder home(Path shared) {
            this.home = shared;
            return this;
        }

        /** Starts the hub and waits until it listens (not until it is ready). */
        public HubProcess start() throws IOException {
            Path dir = home != null ? home : Files.createDirectories(workDir.resolve("home"));
            List<String> command =
                    new ArrayList<>(List.of(javaBinary(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
            command.addAll(jvmArgs);
            command.addAll(List.of("-jar", jar()));
            if (!args.contains("--port") && !args.contains("-p")) {
                command.addAll(List.of("--port", "0"));
            }
            command.addAll(OfflineHub.arguments(args));
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
            builder.environment().put("HOME", dir.toString());
            builder.environment().put("XDG_STATE_HOME", dir.resolve("state").toString());
            builder.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
            builder.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
            builder.environment().put("MCP_HUB_NO_BROWSER", "1"); // No test opens a browser window.
            builder.environment().remove(OfflineHub.MARKETPLACE_ENV); // A CI machine's own registry is not ours.
            builder.environment().putAll(env);
            OfflineHub.check(command, builder.environment());
            HubProcess hub = new HubProcess(builder.start(), dir);
            hub.awaitListening();
            return hub;
        }
    }

    public static String jar() {
        return System.getProperty(
                "mcphub.jar", Path.of("target", "mcp-hub.jar").toAbsolutePath().toString());
    }

    public static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public Path home() {
        return home;
    }

    public List<String> stderr() {
        return List.copyOf(stderr);
    }

    /**
     * When the hub wrote the first stderr line containing {@code text}, by the hub's own clock (the
     * {@code HH:mm:ss.SSS} each line starts with); waits up to ten seconds for such a line.
     */
    public LocalTime loggedAt(String text) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !logTimes(text).isEmpty());
        return logTimes(text).getFirst();
    }

    /** When the hub wrote each stderr line containing {@code text} so far, by its own clock. */
    public List<LocalTime> logTimes(String text) {
        return stderr.stream()
                .filter(line -> line.contains(text) && line.length() > 12)
                .map(line -> LocalTime.parse(line.substring(0, 12)))
                .toList();
    }

    /** Waits for {@code hub_state} ready, as clients do, by polling /api/health. */
    public HubProcess awaitReady(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode health = get("/api/health").json();
            return "ready".equals(health.path("state").asString(""));
        });
        return this;
    }

    public Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url(path))).GET());
    }

    public Reply post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Sends a request; it waits {@link TestHttp#DEFAULT_TIMEOUT} at most unless it has its own timeout. */
    public Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = TestHttp.shared().send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(
                response.statusCode(), response.body(), response.headers().map());
    }

    /** An HTTP answer. */
    public record Reply(int status, String body, Map<String, List<String>> headers) {
        public JsonNode json() {
            return Json.parse(body);
        }
    }

    /** Sends SIGTERM and waits for the exit code. */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
            return -1;
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            List<ProcessHandle> tree = process.descendants().toList();
            stop(Duration.ofSeconds(10));
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private void awaitListening() {
        try {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(
                                    "hub exited with " + process.exitValue() + ":\n" + String.join("\n", stderr));
                        }
                        return port > 0;
                    });
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private void readStderr() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                stderr.add(line);
                Matcher m = LISTENING.matcher(line);
                if (port < 0 && m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
        } catch (IOException e) {
            // The hub is gone.
        }
    }

    private void drainStdout() {
        try {
            process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            // The hub is gone.
        }
    }
}
