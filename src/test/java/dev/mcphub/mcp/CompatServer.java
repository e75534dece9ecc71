package dev.mcphub.mcp;

import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One real MCP server of the compatibility suite: how the hub reaches it, how a direct client reaches the same
 * server, and a harmless call that works offline (or none, for servers whose every call needs a network API).
 *
 * @param name the hub's name for it (config key)
 * @param pkg the npm package
 * @param framework what the server is built on
 * @param transport how the hub reaches it: {@code stdio}, {@code Streamable HTTP}, {@code SSE}, with "via
 *     supergateway" for a bridged stdio server
 * @param command the server as a stdio process ({@code node <bin> args})
 * @param env extra environment of that process
 * @param served how it is served over HTTP, or null for stdio
 * @param call the harmless call, or null
 */
record CompatServer(
        String name,
        String pkg,
        String framework,
        String transport,
        List<String> command,
        Map<String, String> env,
        Served served,
        Call call) {

    /** The token in a launch command or environment replaced by the port the test picked. */
    static final String PORT = "{port}";

    /**
     * A server served over HTTP by a process the test starts: {@code launch} (with {@link #PORT}) listens on
     * {@code path}; {@code sse} when it speaks only the legacy HTTP+SSE transport; {@code directOverStdio} when the
     * direct client should start {@code command} itself instead of sharing the HTTP server (a bridge that serves
     * every SSE client from one child process).
     */
    record Served(
            List<String> launch, Map<String, String> launchEnv, String path, boolean sse, boolean directOverStdio) {}

    /** A tool call with its arguments and a text its result must contain. */
    record Call(String tool, ObjectNode arguments, String expectedText) {}

    static CompatServer stdio(
            String name, String pkg, String framework, List<String> command, Map<String, String> env, Call call) {
        return new CompatServer(name, pkg, framework, "stdio", command, env, null, call);
    }

    /** A server in its own HTTP mode, started by {@code launch} with {@code launchEnv}. */
    static CompatServer ownHttp(
            String name,
            String pkg,
            String framework,
            List<String> launch,
            Map<String, String> launchEnv,
            String path,
            boolean sse,
            Call call) {
        Served served = new Served(launch, launchEnv, path, sse, false);
        return new CompatServer(name, pkg, framework, sse ? "SSE" : "Streamable HTTP", launch, launchEnv, served, call);
    }

    /** A stdio server bridged to HTTP by supergateway (stateful Streamable HTTP, or legacy SSE). */
    static CompatServer bridged(
            String name, String pkg, String framework, List<String> command, boolean sse, Call call) {
        List<String> launch = new ArrayList<>(bin("supergateway"));
        launch.addAll(List.of("--stdio", shellWords(command), "--port", PORT, "--logLevel", "none"));
        launch.addAll(
                sse
                        ? List.of("--outputTransport", "sse")
                        : List.of("--outputTransport", "streamableHttp", "--stateful"));
        Served served = new Served(launch, Map.of(), sse ? "/sse" : "/mcp", sse, sse);
        String transport = (sse ? "SSE" : "Streamable HTTP") + " via supergateway";
        return new CompatServer(name, pkg, framework, transport, command, Map.of(), served, call);
    }

    static Call call(String tool, String argumentsJson, String expectedText) {
        return new Call(tool, (ObjectNode) Json.parse(argumentsJson), expectedText);
    }

    /** The server's id in the hub's namespaced names. */
    String id() {
        return name.replaceAll("[^A-Za-z0-9]", "_");
    }

    /** The process the test starts before the hub, for a server served over HTTP. */
    List<String> launch(int port) {
        return served.launch().stream()
                .map(word -> word.replace(PORT, Integer.toString(port)))
                .toList();
    }

    Map<String, String> launchEnv(int port) {
        Map<String, String> env = new java.util.HashMap<>();
        served.launchEnv().forEach((key, value) -> env.put(key, value.replace(PORT, Integer.toString(port))));
        return env;
    }

    String url(int port) {
        return "http://127.0.0.1:" + port + served.path();
    }

    /** The hub's config entry; {@code port} is the HTTP server's (ignored for stdio). */
    ObjectNode hubEntry(int port) {
        if (served != null) {
            return Json.object().put("url", url(port));
        }
        ObjectNode entry = Upstreams.stdio(command);
        if (!env.isEmpty()) {
            entry.set("env", Json.tree(env));
        }
        return entry;
    }

    /** The spec for {@code direct-client.mjs}: the same server, reached without the hub. */
    ObjectNode directSpec(int port) {
        ObjectNode spec;
        if (served != null && !served.directOverStdio()) {
            spec = Json.object().put("url", url(port)).put("transport", served.sse() ? "sse" : "http");
        } else {
            spec = Upstreams.stdio(command);
            spec.set("env", Json.tree(env));
        }
        if (call != null) {
            spec.putObject("call").put("name", call.tool()).set("arguments", call.arguments());
        }
        return spec;
    }

    @Override
    public String toString() {
        return name + " (" + pkg + ", " + transport + ")";
    }

    /**
     * {@code node <bin>} of an installed npm package, from the compatibility suite's own fixtures
     * ({@code test-fixtures/compat}) or else the main ones, followed by {@code args}.
     */
    static List<String> bin(String pkg, String... args) {
        Path compat = Fixtures.dir().resolve("compat/node_modules").resolve(pkg);
        Path dir = Files.isDirectory(compat)
                ? compat
                : Fixtures.dir().resolve("node_modules").resolve(pkg);
        Path manifest = dir.resolve("package.json");
        JsonNode bin;
        try {
            bin = Json.parse(Files.readString(manifest)).get("bin");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest + "; run bin/test (npm ci) first", e);
        }
        String main = bin.isString()
                ? bin.asString()
                : bin.properties().iterator().next().getValue().asString();
        List<String> command =
                new ArrayList<>(List.of("node", dir.resolve(main).normalize().toString()));
        command.addAll(List.of(args));
        return List.copyOf(command);
    }

    /** A command line for supergateway's {@code --stdio}, which runs it through a shell. */
    private static String shellWords(List<String> command) {
        StringBuilder line = new StringBuilder();
        for (String word : command) {
            line.append(line.isEmpty() ? "" : " ")
                    .append('\'')
                    .append(word.replace("'", "'\\''"))
                    .append('\'');
        }
        return line.toString();
    }
}
