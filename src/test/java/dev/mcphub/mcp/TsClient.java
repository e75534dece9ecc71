package dev.mcphub.mcp;

import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The official TypeScript SDK client ({@code test-fixtures/clients/mcp-client.mjs}) as a process: steps go to its
 * stdin, the JSON lines it prints are collected. See the script for its scenarios, steps and output lines.
 */
final class TsClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Streamable HTTP or the legacy HTTP+SSE transport. */
    enum Transport {
        HTTP,
        SSE,
        /** The "url" is the server's command line as a JSON array. */
        STDIO
    }

    private final Process process;
    private final OutputStream stdin;
    private final List<JsonNode> lines = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final Thread stdoutReader;

    private TsClient(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stdoutReader = pump(process.getInputStream(), this::stdoutLine);
        pump(process.getErrorStream(), stderr::add);
    }

    private void stdoutLine(String line) {
        try {
            lines.add(Json.parse(line));
        } catch (tools.jackson.core.JacksonException e) {
            stderr.add("(stdout) " + line);
        }
    }

    /** Starts a scenario ({@code catalog} or {@code session}) against {@code url}. */
    static TsClient start(String scenario, String url, Transport transport, String... capabilities) {
        return start(scenario, url, transport, java.util.Map.of(), capabilities);
    }

    /** As {@link #start(String, String, Transport, String...)}, with variables added to the client's environment. */
    static TsClient start(
            String scenario,
            String url,
            Transport transport,
            java.util.Map<String, String> env,
            String... capabilities) {
        List<String> command = new ArrayList<>(List.of(
                "node",
                Fixtures.dir().resolve("clients/mcp-client.mjs").toString(),
                scenario,
                url,
                "--transport",
                transport.name().toLowerCase(java.util.Locale.ROOT)));
        if (capabilities.length > 0) {
            command.addAll(List.of("--capabilities", String.join(",", capabilities)));
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            return new TsClient(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node", e);
        }
    }

    /**
     * The TypeScript SDK v2 client ({@code test-fixtures/clients/mcp-client-v2.mjs}), pinned to 2026-07-28 (stateless,
     * no session), against {@code url}; steps and lines as for v1, see the script.
     */
    static TsClient modern(String url, String... capabilities) {
        List<String> command = new ArrayList<>(List.of(
                "node", Fixtures.dir().resolve("clients/mcp-client-v2.mjs").toString(), url));
        if (capabilities.length > 0) {
            command.addAll(List.of("--capabilities", String.join(",", capabilities)));
        }
        try {
            return new TsClient(new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node", e);
        }
    }

    /** Runs a session with these steps to its end and returns every line it printed. */
    static List<JsonNode> run(String url, Transport transport, List<ObjectNode> steps, String... capabilities) {
        try (TsClient client = start("session", url, transport, capabilities)) {
            steps.forEach(client::send);
            return client.finish();
        }
    }

    /** Runs the catalog scenario and returns every line it printed. */
    static List<JsonNode> catalog(String url, Transport transport) {
        try (TsClient client = start("catalog", url, transport)) {
            return client.finish();
        }
    }

    /** A step: {@code {"id", "op", "params"}}; add flags ({@code progress}, {@code async}, ...) to the node. */
    static ObjectNode step(String id, String op, JsonNode params) {
        ObjectNode step = Json.object().put("id", id).put("op", op);
        if (params != null) {
            step.set("params", params);
        }
        return step;
    }

    static ObjectNode call(String id, String tool, JsonNode arguments) {
        ObjectNode params = Json.object().put("name", tool);
        params.set("arguments", arguments == null ? Json.object() : arguments);
        return step(id, "callTool", params);
    }

    void send(ObjectNode step) {
        try {
            stdin.write((Json.text(step) + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the client's stdin is closed; stderr: " + stderr, e);
        }
    }

    /** The first line that matches, waiting for it. */
    JsonNode awaitLine(Predicate<JsonNode> match) {
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(20))
                .failFast(
                        "the client exited; lines: " + lines + "; stderr: " + stderr,
                        () -> !process.isAlive() && lines.stream().noneMatch(match))
                .until(() -> lines.stream().anyMatch(match));
        return lines.stream().filter(match).findFirst().orElseThrow();
    }

    /** The line of a step's outcome ({@code result} or {@code error}). */
    JsonNode outcome(String id) {
        return awaitLine(line -> id.equals(line.path("id").asString(null))
                && List.of("result", "error").contains(line.path("type").asString()));
    }

    List<JsonNode> lines() {
        return List.copyOf(lines);
    }

    /** Closes stdin (the session then ends), waits for the exit and returns every line. */
    List<JsonNode> finish() {
        try {
            stdin.close();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the TypeScript client did not finish; lines: " + lines);
            }
            stdoutReader.join(Duration.ofSeconds(5)); // it may still hold the last lines
            return List.copyOf(lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String stderr() {
        return String.join("\n", stderr);
    }

    /** Kills the client at once: a client that vanishes. */
    void kill() {
        process.destroyForcibly();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** Lines of a given type. */
    static List<JsonNode> ofType(List<JsonNode> lines, String type) {
        return lines.stream()
                .filter(line -> type.equals(line.path("type").asString()))
                .toList();
    }

    /** The result (or error) line of a step. */
    static JsonNode outcome(List<JsonNode> lines, String id) {
        return lines.stream()
                .filter(line -> id.equals(line.path("id").asString(null)))
                .filter(line ->
                        List.of("result", "error").contains(line.path("type").asString()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no outcome for step " + id + " in " + lines));
    }

    private static Thread pump(InputStream from, Consumer<String> to) {
        // A platform thread: a virtual thread blocked on a pipe holds its carrier.
        return Thread.ofPlatform().daemon().name("ts-client-reader").start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.isBlank()) {
                        to.accept(line);
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        });
    }
}
