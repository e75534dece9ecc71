package dev.mcphub.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's {@code nginx} on a loopback port for the cluster point, balancing round-robin over hub replicas with no
 * stickiness: the README's configuration ("Running several replicas") plus the keep-alive pool to the replicas that
 * a production balancer has (without it nginx opens a connection to a replica for every request). One worker, no
 * master (it runs as whoever runs the bench), no access log (a real one writes it, but it is not what we measure).
 * The configuration repeats the tests' {@code testing.Nginx} on purpose: {@code bin/bench} compiles this package
 * alone with javac (JDK only, no test classes), so it cannot share theirs; keep the two in step with the README.
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
        Path conf = Files.writeString(dir.resolve("nginx.conf"), config(dir, port, replicas));
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

    static String config(Path dir, int port, List<Integer> replicas) {
        String servers = replicas.stream()
                .map(p -> "    server 127.0.0.1:" + p + " max_fails=1 fail_timeout=10s;")
                .collect(Collectors.joining("\n"));
        return """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 4096; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  upstream hubs {
                %2$s
                    keepalive 128;
                  }
                  server {
                    listen 127.0.0.1:%3$d;
                    location / {
                      proxy_pass http://hubs;
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      proxy_set_header Host $http_host;
                      proxy_buffering off;
                      proxy_request_buffering off;
                      proxy_read_timeout 1h;
                      proxy_connect_timeout 2s;
                      proxy_next_upstream error timeout;
                    }
                  }
                }
                """.formatted(dir, servers, port);
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
