package dev.mcphub.upstream;

import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpc;
import dev.mcphub.jsonrpc.JsonRpcMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legacy HTTP+SSE transport (protocol 2024-11-05), client side: one GET stream carries everything the
 * server sends; its first {@code endpoint} event names the URL to POST messages to.
 */
final class SseTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger(SseTransport.class);

    private final String server;
    private final URI url;
    private final HttpHeaders headers;
    private final HttpClient http;
    private final Duration endpointTimeout;
    private final CompletableFuture<URI> endpoint = new CompletableFuture<>();
    private volatile Listener listener;
    private volatile InputStream stream;
    private volatile boolean closed;
    private volatile HttpFailure failure;

    SseTransport(String server, URI url, HttpHeaders headers, HttpClient http, Duration endpointTimeout) {
        this.server = server;
        this.url = url;
        this.headers = headers;
        this.http = http;
        this.endpointTimeout = endpointTimeout;
    }

    HttpFailure failure() {
        return failure;
    }

    @Override
    public void start(Listener listener) throws IOException {
        this.listener = listener;
        HttpResponse<InputStream> response = send(
                url, get -> get.header("Accept", "text/event-stream").GET(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            try (InputStream body = response.body()) {
                failure = new HttpFailure(
                        response.statusCode(),
                        response.headers().firstValue("WWW-Authenticate").orElse(null),
                        new String(body.readNBytes(4096), StandardCharsets.UTF_8));
            }
            throw new IOException("legacy SSE: " + failure.describe());
        }
        stream = response.body();
        ServerThreads.start("sse", server, () -> read(listener));
        awaitEndpoint();
    }

    @Override
    public boolean carriesTraceHeader() {
        return true;
    }

    @Override
    public void send(JsonRpcMessage message) throws IOException {
        send(message, null);
    }

    @Override
    public void send(JsonRpcMessage message, String traceparent) throws IOException {
        byte[] body = Json.bytes(message.toJson());
        Listener listener = this.listener;
        if (listener != null) {
            listener.sent(message, body.length);
        }
        URI target = endpoint.getNow(url);
        HttpResponse<String> response = send(
                target,
                post -> {
                    if (traceparent != null) {
                        post.header("traceparent", traceparent);
                    }
                    return post.header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                },
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401) {
            // The token could not be renewed: reconnecting shows whether the user must authorize again.
            listener.onClose("the server rejected the hub's authorization (HTTP 401)");
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + response.statusCode() + " from " + target);
        }
    }

    /** Sends a request, once more with a renewed token when the server answers 401 to the one it got. */
    private <T> HttpResponse<T> send(
            URI target, UnaryOperator<HttpRequest.Builder> shape, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        try {
            String authorization = headers.authorization();
            HttpResponse<T> response =
                    http.send(shape.apply(request(target, authorization)).build(), handler);
            if (response.statusCode() == 401 && headers.renew(authorization)) {
                if (response.body() instanceof InputStream stream) {
                    StreamableHttpTransport.closeQuietly(stream);
                }
                response = http.send(
                        shape.apply(request(target, headers.authorization())).build(), handler);
            }
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private HttpRequest.Builder request(URI target, String authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target);
        headers.applyTo(builder, authorization);
        return builder;
    }

    @Override
    public String kind() {
        return "sse";
    }

    @Override
    public void close() {
        closed = true;
        InputStream s = stream;
        if (s != null) {
            StreamableHttpTransport.closeQuietly(s);
        }
    }

    private void awaitEndpoint() throws IOException {
        try {
            endpoint.get(endpointTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            throw new IOException("legacy SSE: no endpoint event within " + endpointTimeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IOException("legacy SSE: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private void read(Listener listener) {
        String reason = "the SSE stream ended";
        try {
            SseEventReader events = new SseEventReader(stream);
            SseEventReader.Event event;
            while ((event = events.next()) != null) {
                if ("endpoint".equals(event.event())) {
                    endpoint.complete(url.resolve(event.data().strip()));
                } else if ("message".equals(event.event())) {
                    deliver(listener, event.data());
                }
            }
        } catch (IOException e) {
            reason = "the SSE stream broke: " + e.getMessage();
        }
        endpoint.completeExceptionally(new IOException(reason));
        listener.onClose(closed ? "closed by the hub" : reason);
    }

    private void deliver(Listener listener, String data) {
        try {
            listener.onMessage(JsonRpc.parse(data), null, Json.utf8Length(data));
        } catch (JsonRpc.MalformedMessageException e) {
            log.warn("{}: ignoring a message that is not JSON-RPC: {}", server, e.getMessage());
        }
    }
}
