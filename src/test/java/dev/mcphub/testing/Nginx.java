package dev.mcphub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real {@code nginx} (Debian's package) on a free loopback port, balancing round-robin over hub replicas with
 * no stickiness, configured as the README's "Running several replicas" says (streaming, no buffering, the next
 * replica when one refuses connections). One process without a master: it runs as the test's user. Its access log
 * names the replica of every request.
 */
public final class Nginx extends SystemServer {
    private Nginx(Path dir, int port) {
        super(
                "nginx",
                List.of(
                        program("nginx", "/usr/sbin", "/usr/bin", "/usr/local/sbin"),
                        "-p",
                        dir.toString(),
                        "-e",
                        dir.resolve("error.log").toString(),
                        "-c",
                        dir.resolve("nginx.conf").toString()),
                dir,
                port);
    }

    /** Starts nginx in front of {@code replicas} (their base URLs' ports on 127.0.0.1). */
    public static Nginx start(Path parent, List<Integer> replicas) {
        try {
            Path dir = Files.createDirectories(parent.resolve("nginx"));
            int port = LoopbackPort.free();
            Files.writeString(dir.resolve("nginx.conf"), config(dir, port, replicas));
            Nginx nginx = new Nginx(dir, port);
            nginx.start();
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Requests answered so far, by replica port (from the access log's upstream addresses). */
    public Map<Integer, Integer> servedByReplica() {
        Map<Integer, Integer> counts = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(dir().resolve("access.log"))) {
                // "$upstream_addr $status": several addresses when nginx tried the next replica.
                String[] parts = line.split(" ");
                String[] tried = parts[0].split(",");
                String last = tried[tried.length - 1].strip();
                int colon = last.lastIndexOf(':');
                if (colon > 0) {
                    counts.merge(Integer.parseInt(last.substring(colon + 1)), 1, Integer::sum);
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read nginx's access log", e);
        }
        return counts;
    }

    static String config(Path dir, int port, List<Integer> replicas) {
        List<String> servers = new ArrayList<>();
        for (int replica : replicas) {
            servers.add("    server 127.0.0.1:" + replica + " max_fails=1 fail_timeout=10s;");
        }
        return """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 1024; }
                http {
                  log_format replicas '$upstream_addr $status';
                  access_log %1$s/access.log replicas;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  upstream hubs {
                %2$s
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
                """.formatted(dir, String.join("\n", servers), port);
    }
}
