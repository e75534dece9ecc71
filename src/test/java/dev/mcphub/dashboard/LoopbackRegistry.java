package dev.mcphub.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * The marketplace registry and GitHub's raw files, on a loopback port, from the marketplace tests' resources: {@code
 * /registry.json} and {@code /raw/<owner>/<repo>/<branch>/README.md}. The dashboard's hub never leaves loopback.
 */
final class LoopbackRegistry implements AutoCloseable {
    private final HttpServer server;

    LoopbackRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/registry.json", exchange -> serve(exchange, "/marketplace/registry.json"));
        server.createContext(
                "/raw/",
                exchange -> serve(
                        exchange,
                        "/marketplace/readmes/"
                                + exchange.getRequestURI().getPath().substring("/raw/".length())));
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void serve(HttpExchange exchange, String resource) throws IOException {
        try (exchange;
                InputStream in =
                        resource.contains("..") ? null : LoopbackRegistry.class.getResourceAsStream(resource)) {
            if (in == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = in.readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
