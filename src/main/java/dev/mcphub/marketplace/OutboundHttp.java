package dev.mcphub.marketplace;

import dev.mcphub.http.OutboundClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The marketplace's one HTTP client: GET requests through the environment's proxy, each bounded in time as
 * a whole (headers and body) and in size.
 */
final class OutboundHttp implements AutoCloseable {
    private static final String USER_AGENT = "mcp-hub/" + version() + " (marketplace)";

    /** A response whose body was read completely. */
    record Response(int status, byte[] body) {}

    private final HttpClient client;
    private final Duration requestTimeout;
    private final long maxBodyBytes;

    OutboundHttp(ProxySelector proxies, Duration connectTimeout, Duration requestTimeout, long maxBodyBytes) {
        this.client =
                OutboundClient.withConnectTimeout(connectTimeout).proxy(proxies).build();
        this.requestTimeout = requestTimeout;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Fetches {@code uri}; the body of a non-200 answer is discarded unread.
     *
     * @throws IOException for a connection failure, a timeout or a body larger than the limit, with a message
     *     fit for a user
     */
    Response get(URI uri, String accept) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(requestTimeout)
                .header("User-Agent", USER_AGENT)
                .header("Accept", accept)
                .build();
        long limit = maxBodyBytes;
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(
                request,
                info -> info.statusCode() == 200
                        ? BoundedBody.handler(limit).apply(info)
                        : HttpResponse.BodySubscribers.replacing(new byte[0]));
        try {
            // The request timeout covers only the wait for headers; this bounds the body too.
            HttpResponse<byte[]> response = exchange.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Response(response.statusCode(), response.body());
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException("no complete response within " + requestTimeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while fetching " + uri);
        } catch (ExecutionException e) {
            throw asIoException(e.getCause());
        }
    }

    @Override
    public void close() {
        client.shutdownNow();
        try {
            client.awaitTermination(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static IOException asIoException(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        return new IOException(String.valueOf(cause), cause);
    }

    private static String version() {
        Properties properties = new Properties();
        try (InputStream in = OutboundHttp.class.getResourceAsStream("/mcp-hub-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // The version is decoration in the User-Agent; without it the request is as good.
        }
        return properties.getProperty("version", "dev");
    }
}
