package dev.mcphub.marketplace;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A registry and a GitHub raw-content stand-in on a random loopback port. {@code /registry.json} answers as
 * the current {@link Mode} says; {@code /raw/<owner>/<repo>/<branch>/README.md} serves the READMEs under
 * {@code src/test/resources/marketplace/readmes} and 404 for the rest. Every request is recorded.
 */
final class RegistryFixture implements AutoCloseable {

    enum Mode {
        OK,
        /** The registry with one more server, to tell a refetch from a cache hit. */
        UPDATED,
        SERVER_ERROR,
        GARBAGE,
        WRONG_SHAPE,
        /** A valid-looking body of 1 MiB streamed in chunks, no Content-Length. */
        HUGE_STREAMED,
        /** The same with a Content-Length header. */
        HUGE_DECLARED
    }

    static final byte[] REGISTRY = resource("/marketplace/registry.json");

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.OK;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile int readmeFailureStatus;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    RegistryFixture() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/registry.json", this::registry);
        server.createContext("/raw/", this::readme);
        server.start();
    }

    URI registryUrl() {
        return base().resolve("/registry.json");
    }

    URI rawUrl() {
        return base().resolve("/raw");
    }

    /** Settings pointing at this fixture, with short timeouts and a 64 KiB body limit. */
    MarketplaceSettings settings(java.nio.file.Path cacheDir, java.time.Duration ttl) {
        return new MarketplaceSettings(
                true,
                registryUrl(),
                rawUrl(),
                ttl,
                cacheDir,
                java.time.Duration.ofSeconds(2),
                java.time.Duration.ofSeconds(5),
                64 * 1024);
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void mode(Mode newMode) {
        mode = newMode;
    }

    /** Holds registry responses until {@link #release()}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    void release() {
        gate.countDown();
    }

    /** Makes every README request answer this status instead (0 to serve normally). */
    void failReadmes(int status) {
        readmeFailureStatus = status;
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    long registryRequests() {
        return requests.stream().filter(r -> r.endsWith("/registry.json")).count();
    }

    long readmeRequests() {
        return requests.stream().filter(r -> r.contains("/raw/")).count();
    }

    @Override
    public void close() {
        gate.countDown();
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
        }
    }

    private void registry(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
        try {
            if (!gate.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the registry");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        switch (mode) {
            case OK -> send(exchange, 200, REGISTRY);
            case UPDATED -> send(exchange, 200, updatedRegistry());
            case SERVER_ERROR -> send(exchange, 500, "{\"error\":\"boom\"}".getBytes(StandardCharsets.UTF_8));
            case GARBAGE -> send(exchange, 200, "<html>Sign in to the Wi-Fi</html>".getBytes(StandardCharsets.UTF_8));
            case WRONG_SHAPE -> send(exchange, 200, "{\"items\":[]}".getBytes(StandardCharsets.UTF_8));
            case HUGE_STREAMED -> sendHuge(exchange, false);
            case HUGE_DECLARED -> sendHuge(exchange, true);
        }
    }

    private void readme(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(exchange.getRequestMethod() + " " + path);
        if (readmeFailureStatus != 0) {
            send(exchange, readmeFailureStatus, new byte[0]);
            return;
        }
        String relative = path.substring("/raw/".length());
        byte[] body = relative.contains("..") ? null : resourceOrNull("/marketplace/readmes/" + relative);
        if (body == null) {
            send(exchange, 404, "404: Not Found".getBytes(StandardCharsets.UTF_8));
        } else {
            send(exchange, 200, body);
        }
    }

    private static byte[] updatedRegistry() {
        String registry = new String(REGISTRY, StandardCharsets.UTF_8);
        String extra = "\"servers\": [\n    {\"id\": \"added\", \"name\": \"Added Later\", \"description\": \"New\","
                + " \"category\": \"new\", \"tags\": [], \"url\": \"https://github.com/example/added\"},";
        return registry.replaceFirst("\"servers\": \\[", extra).getBytes(StandardCharsets.UTF_8);
    }

    private static void sendHuge(HttpExchange exchange, boolean declareLength) throws IOException {
        byte[] body = new byte[1024 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');
        byte[] end = "\"servers\":[]}".getBytes(StandardCharsets.UTF_8);
        body[0] = '{';
        System.arraycopy(end, 0, body, body.length - end.length, end.length);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, declareLength ? body.length : 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int offset = 0; offset < body.length; offset += 8192) {
                out.write(body, offset, Math.min(8192, body.length - offset));
            }
        } catch (IOException e) {
            // The client hung up once it had seen enough: exactly what is being tested.
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static byte[] resource(String name) {
        byte[] bytes = resourceOrNull(name);
        if (bytes == null) {
            throw new IllegalStateException("missing test resource " + name);
        }
        return bytes;
    }

    private static byte[] resourceOrNull(String name) {
        try (InputStream in = RegistryFixture.class.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
