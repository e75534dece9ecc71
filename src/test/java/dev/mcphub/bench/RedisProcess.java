package dev.mcphub.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code redis-server} on a loopback port for the cluster point, without persistence (as the tests run it),
 * and the two things the benchmark reads from it: its CPU ({@code /proc}) and how many commands it has served, by
 * command ({@code INFO commandstats}, spoken in plain RESP over a socket so that the bench needs no Redis client).
 */
final class RedisProcess implements AutoCloseable {
    private final Children children;
    private final Process process;
    private final int port;

    private RedisProcess(Children children, Process process, int port) {
        this.children = children;
        this.process = process;
        this.port = port;
    }

    /** The redis-server program, or null when it is not installed. */
    static Path program() {
        return NginxProcess.find("redis-server", "/usr/bin", "/usr/local/bin", "/usr/sbin");
    }

    static RedisProcess start(Children children, Path dir) throws IOException, InterruptedException {
        int port = BenchContext.freePort();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        program().toString(),
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        dir.toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile());
        RedisProcess redis = new RedisProcess(children, children.start(builder), port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && redis.process.isAlive()) {
            try {
                redis.commands();
                return redis;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        redis.close();
        throw new IOException(
                "redis-server did not answer on port " + port + " (see " + dir.resolve("redis.log") + ")");
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    long cpuNanos() {
        return ProcStats.cpuNanos(process.pid());
    }

    /**
     * Commands served so far, by name ({@code get}, {@code setex}, ...), from {@code INFO commandstats}; the INFO
     * commands the bench itself sends are left out.
     */
    Map<String, Long> commands() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write("INFO commandstats\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String text = readBulk(s.getInputStream());
            Map<String, Long> calls = new TreeMap<>();
            for (String line : text.split("\r\n")) {
                // cmdstat_get:calls=123,usec=...
                if (line.startsWith("cmdstat_") && !line.startsWith("cmdstat_info:")) {
                    String name = line.substring(8, line.indexOf(':'));
                    int at = line.indexOf("calls=") + 6;
                    int end = line.indexOf(',', at);
                    calls.put(name, Long.parseLong(line.substring(at, end < 0 ? line.length() : end)));
                }
            }
            return calls;
        }
    }

    /** One RESP bulk string: {@code $<length>\r\n<bytes>\r\n}. */
    private static String readBulk(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("Redis closed the connection");
            }
            head.append((char) c);
        }
        if (head.charAt(0) != '$') {
            throw new IOException("Redis answered " + head.toString().strip());
        }
        byte[] body = in.readNBytes(Integer.parseInt(head.substring(1).strip()));
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        children.stop(process, 2000);
    }
}
