package dev.mcphub.upstream;

import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpc;
import dev.mcphub.jsonrpc.JsonRpcMessage;
import dev.mcphub.jsonrpc.JsonRpcMessage.Notification;
import dev.mcphub.jsonrpc.JsonRpcMessage.Request;
import dev.mcphub.jsonrpc.JsonRpcMessage.Response;
import dev.mcphub.jsonrpc.RpcError;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The Streamable HTTP transport, client side: every message is a POST whose answer is JSON or an SSE
 * stream; a GET stream carries what the server sends on its own. Requests are POSTed on a virtual thread
 * each, so that the connection's timeouts and cancellation work while a call is under way.
 */
final class StreamableHttpTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger(StreamableHttpTransport.class);

    private final String server;
    private final URI url;
    private final HttpHeaders headers;
    private final HttpClient http;
    private final Map<String, InputStream> openStreams = new ConcurrentHashMap<>();
    private volatile Listener listener;
    private volatile String sessionId;
    private volatile String protocolVersion;
    private volatile Function<String, @Nullable JsonNode> toolSchemas = name -> null;
    private volatile HttpFailure firstFailure;
    private volatile boolean closed;
    private volatile boolean established;
    private volatile GetStream getStream;

    StreamableHttpTransport(String server, URI url, HttpHeaders headers, HttpClient http) {
        this.server = server;
        this.url = url;
        this.headers = headers;
        this.http = http;
    }

    @Override
    public void start(Listener listener) {
        this.listener = listener;
    }

    @Override
    public void protocolVersion(String version) {
        this.protocolVersion = version;
        if (ModernHandshake.isModern(version)) {
            // No session and no stream in this era: a refused request is the only sign that the server went away.
            established = true;
        } else if (version == null) {
            established = false;
        }
    }

    @Override
    public void toolSchemas(Function<String, @Nullable JsonNode> lookup) {
        this.toolSchemas = lookup;
    }

    /** The first HTTP answer that was not MCP, for deciding on the legacy fallback or OAuth. */
    HttpFailure firstFailure() {
        return firstFailure;
    }

    @Override
    public String kind() {
        return "streamable-http";
    }

    @Override
    public boolean carriesTraceHeader() {
        return true;
    }

    @Override
    public void send(JsonRpcMessage message, String traceparent) throws IOException {
        if (closed) {
            throw new IOException("transport closed");
        }
        if (message instanceof Request request) {
            ServerThreads.start("post", server, () -> post(request, request.id(), traceparent));
        } else {
            send(message);
        }
    }

    @Override
    public void send(JsonRpcMessage message) throws IOException {
        if (closed) {
            throw new IOException("transport closed");
        }
        switch (message) {
            case Request request -> ServerThreads.start("post", server, () -> post(request, request.id(), null));
            case Notification notification -> {
                abortIfCancelled(notification);
                post(notification, null, null);
                if ("notifications/initialized".equals(notification.method())) {
                    established = true;
                    getStream = new GetStream(this);
                    getStream.start();
                }
            }
            case Response response -> post(response, null, null);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        GetStream stream = getStream;
        if (stream != null) {
            stream.close();
        }
        openStreams.values().forEach(StreamableHttpTransport::closeQuietly);
        String session = sessionId;
        if (session != null) {
            // Ends the session at the server (the reference never did), without letting a slow server stall us.
            HttpRequest delete = request(headers.currentAuthorization())
                    .DELETE()
                    .timeout(Duration.ofSeconds(2))
                    .build();
            http.sendAsync(delete, HttpResponse.BodyHandlers.discarding());
        }
    }

    /**
     * Sends a request {@code shape} makes of the session's base request, and sends it once more with a renewed
     * token when the server answers 401 to the token it got.
     */
    HttpResponse<InputStream> send(UnaryOperator<HttpRequest.Builder> shape) throws IOException, InterruptedException {
        String authorization = headers.authorization();
        HttpResponse<InputStream> response =
                http.send(shape.apply(request(authorization)).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() == 401 && headers.renew(authorization)) {
            closeQuietly(response.body());
            response = http.send(
                    shape.apply(request(headers.authorization())).build(), HttpResponse.BodyHandlers.ofInputStream());
        }
        return response;
    }

    private HttpRequest.Builder request(String authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url);
        headers.applyTo(builder, authorization);
        String session = sessionId;
        if (session != null) {
            builder.header("Mcp-Session-Id", session);
        }
        String version = protocolVersion;
        if (version != null) {
            builder.header("MCP-Protocol-Version", version);
        }
        return builder;
    }

    String server() {
        return server;
    }

    boolean isClosed() {
        return closed;
    }

    void deliver(String data, JsonNode relatedRequestId) {
        try {
            JsonNode tree = JsonRpc.parseTree(data);
            if (tree.isArray()) {
                for (JsonNode item : tree) {
                    listener.onMessage(JsonRpc.read(item), relatedRequestId);
                }
            } else {
                listener.onMessage(JsonRpc.read(tree), relatedRequestId, Json.utf8Length(data));
            }
        } catch (JsonRpc.MalformedMessageException e) {
            log.warn("{}: ignoring a message that is not JSON-RPC: {}", server, e.getMessage());
        }
    }

    void sessionLost(String why) {
        if (!closed) {
            listener.onClose(why);
        }
    }

    private void post(JsonRpcMessage message, JsonNode requestId, String traceparent) {
        byte[] body = Json.bytes(message.toJson());
        listener.sent(message, body.length);
        try {
            HttpResponse<InputStream> response = send(request -> {
                if (traceparent != null) {
                    request.header("traceparent", traceparent);
                }
                return mirrored(
                        request.header("Content-Type", "application/json")
                                .header("Accept", "application/json, text/event-stream")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
                        message);
            });
            handle(response, requestId);
        } catch (ConnectException e) {
            fail(requestId, "request to " + url + " failed: the server is unreachable (connection refused)");
            if (established) {
                // The server is down, not just this request: reconnecting shows it as such.
                sessionLost("the server is unreachable (connection refused)");
            }
        } catch (IOException e) {
            fail(requestId, "request to " + url + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpResponse<InputStream> response, JsonNode requestId) throws IOException {
        int status = response.statusCode();
        try (InputStream body = response.body()) {
            if (status == 202 || (status == 200 && requestId == null)) {
                return;
            }
            if (status != 200) {
                httpError(status, response, body, requestId);
                return;
            }
            if (sessionId == null) {
                response.headers().firstValue("Mcp-Session-Id").ifPresent(id -> sessionId = id);
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("text/event-stream")) {
                readStream(body, requestId);
            } else {
                deliver(new String(body.readAllBytes(), StandardCharsets.UTF_8), requestId);
            }
        }
    }

    private void readStream(InputStream body, JsonNode requestId) throws IOException {
        String key = requestId.toString();
        openStreams.put(key, body);
        try {
            SseEventReader events = new SseEventReader(body);
            SseEventReader.Event event;
            while ((event = events.next()) != null) {
                if ("message".equals(event.event()) && !event.data().isBlank()) {
                    deliver(event.data(), requestId);
                }
            }
        } catch (IOException e) {
            if (!closed) {
                fail(requestId, "the response stream broke: " + e.getMessage());
            }
        } finally {
            openStreams.remove(key);
        }
    }

    private void httpError(int status, HttpResponse<InputStream> response, InputStream body, JsonNode requestId)
            throws IOException {
        byte[] start = body.readNBytes(4096);
        HttpFailure failure = new HttpFailure(
                status,
                response.headers().firstValue("WWW-Authenticate").orElse(null),
                new String(start, StandardCharsets.UTF_8));
        if (firstFailure == null) {
            firstFailure = failure;
        }
        if (status == 404 && sessionId != null) {
            fail(requestId, "session expired (HTTP 404)");
            sessionLost("session expired (HTTP 404)");
            return;
        }
        if (status == 401 && established) {
            // The token could not be renewed: reconnecting shows whether the user must authorize again.
            fail(requestId, "the server rejected the hub's authorization (HTTP 401)");
            sessionLost("the server rejected the hub's authorization (HTTP 401)");
            return;
        }
        if (status == 403) {
            String grant = headers.stepUp(failure.wwwAuthenticate());
            if (grant != null) {
                fail(
                        requestId,
                        "the server needs more permission than the hub was granted (HTTP 403"
                                + " insufficient_scope); authorize again at " + grant);
                return;
            }
        }
        if (ModernHandshake.isModern(protocolVersion) && requestId != null && deliverError(start, requestId)) {
            return; // The 2026-07-28 era answers request errors with 4xx and the JSON-RPC error as the body.
        }
        fail(requestId, failure.describe());
    }

    private boolean deliverError(byte[] body, JsonNode requestId) {
        RpcError error = ModernHttp.error(body);
        if (error == null) {
            return false;
        }
        listener.onMessage(Response.failure(requestId, error), requestId);
        return true;
    }

    private HttpRequest.Builder mirrored(HttpRequest.Builder request, JsonRpcMessage message) {
        if (ModernHandshake.isModern(protocolVersion)) {
            ModernHttp.mirror(message).forEach(request::header);
            ParamHeaders.of(message, toolSchemas).forEach(request::header);
        }
        return request;
    }

    /** Answers our own waiting request with an error, so the caller hears of a failed exchange at once. */
    private void fail(JsonNode requestId, String why) {
        if (requestId != null && listener != null) {
            listener.onMessage(Response.failure(requestId, new RpcError(RpcError.SERVER_ERROR, why)), requestId);
        } else {
            log.debug("{}: {}", server, why);
        }
    }

    private void abortIfCancelled(Notification notification) {
        if ("notifications/cancelled".equals(notification.method()) && notification.params() != null) {
            JsonNode id = notification.params().get("requestId");
            InputStream stream = id == null ? null : openStreams.remove(id.toString());
            if (stream != null) {
                closeQuietly(stream);
            }
        }
    }

    static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // Closing is all we wanted.
        }
    }
}
