package dev.mcphub.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What every scenario of a run shares: the options, the installed servers (from {@code bench/node_modules}),
 * the work directory, the process registry, the generator, the figures and the notes, and the time budget.
 */
final class BenchContext {
    final BenchOptions options;
    final Figures figures;
    final Children children = new Children();
    final List<String> notes = new ArrayList<>();
    final Path work;
    final GeneratorProcess generator;
    /** Extra environment for our hub (the OTLP endpoint with --ours-tracing). */
    final Map<String, String> oursEnv = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path node;
    private final Path modules;
    private final long deadline;
    private int dirs;

    BenchContext(BenchOptions options, Figures figures, Path work, Path node, Path java, String classpath) {
        this.options = options;
        this.figures = figures;
        this.work = work;
        this.node = node;
        this.modules = options.root().resolve("bench/node_modules");
        this.generator = new GeneratorProcess(java, classpath, children, work.resolve("generator.log"));
        this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.budgetMillis());
    }

    Path node() {
        return node;
    }

    Path module(String relative) {
        return modules.resolve(relative);
    }

    Path serverEverything() {
        return module("@modelcontextprotocol/server-everything/dist/index.js");
    }

    Path referenceCli() {
        return module("mcp-hub/dist/cli.js");
    }

    Path listChanger() {
        return options.root().resolve("bench/fixtures/list-changer.mjs");
    }

    /** Whether the run's time budget still allows another step. */
    boolean timeLeft() {
        return System.nanoTime() < deadline;
    }

    /** A fresh directory under the work directory for one launch. */
    Path newDir(String name) throws IOException {
        return Files.createDirectories(work.resolve(String.format(Locale.ROOT, "%02d-%s", ++dirs, name)));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Config of the three stdio upstreams, started with node directly (offline, no npx). */
    Path writeStdioConfig(Path dir) throws IOException {
        Path files = Files.createDirectories(dir.resolve("files"));
        String json = "{\"mcpServers\":{"
                + "\"everything\":{\"command\":" + quote(node) + ",\"args\":[" + quote(serverEverything())
                + ",\"stdio\"]},"
                + "\"memory\":{\"command\":" + quote(node) + ",\"args\":["
                + quote(module("@modelcontextprotocol/server-memory/dist/index.js")) + "],\"env\":{"
                + "\"MEMORY_FILE_PATH\":" + quote(dir.resolve("memory.jsonl")) + "}},"
                + "\"filesystem\":{\"command\":" + quote(node) + ",\"args\":["
                + quote(module("@modelcontextprotocol/server-filesystem/dist/index.js")) + "," + quote(files)
                + "]}}}";
        return Files.writeString(dir.resolve("servers.json"), json);
    }

    /** Config of server-everything reached by {@code url}, and the list-changing fixture over stdio. */
    Path writeUrlConfig(Path dir, String url) throws IOException {
        String json = "{\"mcpServers\":{"
                + "\"everything_http\":{\"url\":\"" + url + "\"},"
                + "\"changer\":{\"command\":" + quote(node) + ",\"args\":[" + quote(listChanger()) + "]}}}";
        return Files.writeString(dir.resolve("servers.json"), json);
    }

    /** server-everything in its Streamable HTTP mode, on a loopback port, as a child process. */
    HttpUpstream startEverythingHttp(Path dir) throws IOException, InterruptedException {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(
                        node.toString(), serverEverything().toString(), "streamableHttp")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("everything-http.log").toFile());
        builder.environment().put("PORT", Integer.toString(port));
        Process process = children.start(builder);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return new HttpUpstream(process, "http://127.0.0.1:" + port + "/mcp");
            } catch (IOException notYet) {
                Thread.sleep(10);
            }
        }
        children.stop(process, 1000);
        throw new IOException("server-everything (streamableHttp) did not listen on port " + port);
    }

    /** A running upstream reached over HTTP. */
    final class HttpUpstream implements AutoCloseable {
        final Process process;
        final String url;

        HttpUpstream(Process process, String url) {
            this.process = process;
            this.url = url;
        }

        @Override
        public void close() {
            children.stop(process, 1000);
        }
    }

    void progress(String message) {
        System.err.println("bench: " + message);
    }

    void note(String message) {
        if (!notes.contains(message)) {
            notes.add(message);
            progress(message);
        }
    }

    private static String quote(Path p) {
        return "\"" + p.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
