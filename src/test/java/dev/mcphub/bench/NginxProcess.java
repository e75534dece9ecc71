package dev.mcphub.bench;

import dev.mcphub.testing.Nginx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code nginx} on a loopback port for the cluster point, configured as the tests' {@link Nginx} is, with
 * its bench tuning ({@link Nginx.Tuning#BENCH}); started as one of the bench's children, so its CPU is counted and it
 * is stopped with them.
 */
final class NginxProcess implements AutoCloseable {
    private final Children children;
    private final Process process;
    private final int port;

    private NginxProcess(Children children, Process process, int port) {
        this.children = children;
        this.process = process;
        this.port = port;
    }

    /** The nginx program, or null when it is not installed. */
    static Path program() {
        return find("nginx", "/usr/sbin", "/usr/bin", "/usr/local/sbin");
    }

    /** A program on PATH or in one of {@code dirs}; null when it is nowhere. */
    static Path find(String name, String... dirs) {
        List<String> places = new java.util.ArrayList<>(
                List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        places.addAll(List.of(dirs));
        for (String dir : places) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    static NginxProcess start(Children children, Path dir, List<Integer> replicas)
            throws IOException, InterruptedException {
        int port = BenchContext.freePort();
        Path conf = Files.writeString(dir.resolve("nginx.conf"), Nginx.config(dir, port, replicas, Nginx.Tuning.BENCH));
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        program().toString(),
                        "-p",
                        dir.toString(),
                        "-e",
                        dir.resolve("error.log").toString(),
                        "-c",
                        conf.toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile());
        NginxProcess nginx = new NginxProcess(children, children.start(builder), port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && nginx.process.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return nginx;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        nginx.close();
        throw new IOException("nginx did not listen on port " + port + " (see " + dir.resolve("error.log") + ")");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    long cpuNanos() {
        return ProcStats.cpuNanos(process.pid());
    }

    @Override
    public void close() {
        children.stop(process, 2000);
    }
}
