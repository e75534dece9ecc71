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
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The Streamable HTTP transport, client side: every message is a POST whose answer is JSON or an SSE
 * stream; a GET stream carries what the server sends on its own. A request sent from a virtual thread is
 * POSTed and answered on that thread ({@link CallerThreadHttp}): no thread hand-off per call, and the caller's
 * timeouts end the exchange through {@link #abort}, its interrupt breaks the blocking read. From any other
 * thread a request is POSTed on a virtual thread of its own, and the caller waits for the answer.
 */
final class StreamableHttpTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger(StreamableHttpTransport.class);

    private final String server;
    private final URI url;
    private final HttpHeaders headers;
    private final HttpClient http;
    private final CallerThreadHttp posts;
    /** Our requests whose exchange is under way, by request id: what cancellation and {@link #abort} end. */
    private final Map<String, HttpPost> inFlight = new ConcurrentHashMap<>();

    private volatile Listener listener;
    private volatile String sessionId;
    private volatile String protocolVersion;
    private volatile Function<String, @Nullable JsonNode> toolSchemas = name -> null;
    private volatile HttpFailure firstFailure;
    private volatile boolean closed;
    private volatile boolean established;
    private volatile GetStream getStream;

    StreamableHttpTransport(String server, URI url, HttpHeaders headers, HttpClient http, CallerThreadHttp posts) {
        this.server = server;
        this.url = url;
        this.headers = headers;
        this.http = http;
        this.posts = posts;
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
    public boolean answersOnCallerThread() {
        return Thread.currentThread().isVirtual();
    }

    @Override
    public void abort(JsonNode requestId) {
        HttpPost post = inFlight.remove(requestId.toString());
        if (post != null) {
            post.cancel();
        }
    }

    @Override
    public void send(JsonRpcMessage message, String traceparent) throws IOException {
        if (closed) {
            throw new IOException("transport closed");
        }
        if (message instanceof Request request) {
            sendRequest(request, traceparent);
        } else {
            send(message);
        }
    }

    private void sendRequest(Request request, String traceparent) {
        if (answersOnCallerThread()) {
            post(request, request.id(), traceparent);
        } else {
            ServerThreads.start("post", server, () -> post(request, request.id(), traceparent));
        }
    }

    @Override
    public void send(JsonRpcMessage message) throws IOException {
        if (closed) {
            throw new IOException("transport closed");
        }
        switch (message) {
            case Request request -> sendRequest(request, null);
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
        inFlight.values().forEach(HttpPost::cancel);
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
        String key = requestId == null ? null : requestId.toString();
        try {
            String authorization = headers.authorization();
            ClassicHttpResponse response = posts.send(watched(key, post(message, body, traceparent, authorization)));
            if (response.getCode() == 401 && headers.renew(authorization)) {
                response.close();
                response = posts.send(watched(key, post(message, body, traceparent, headers.authorization())));
            }
            handle(response, requestId);
        } catch (ConnectException e) {
            fail(requestId, "request to " + url + " failed: the server is unreachable (connection refused)");
            if (established) {
                // The server is down, not just this request: reconnecting shows it as such.
                sessionLost("the server is unreachable (connection refused)");
            }
        } catch (IOException e) {
            fail(requestId, "request to " + url + " failed: " + e.getMessage());
        } finally {
            if (key != null) {
                inFlight.remove(key);
            }
        }
    }

    private HttpPost post(JsonRpcMessage message, byte[] body, String traceparent, String authorization) {
        HttpPost post = new HttpPost(url);
        headers.applyTo(post::setHeader, authorization);
        String session = sessionId;
        if (session != null) {
            post.setHeader("Mcp-Session-Id", session);
        }
        String version = protocolVersion;
        if (version != null) {
            post.setHeader("MCP-Protocol-Version", version);
        }
        if (traceparent != null) {
            post.setHeader("traceparent", traceparent);
        }
        post.setHeader("Accept", "application/json, text/event-stream");
        if (ModernHandshake.isModern(protocolVersion)) {
            ModernHttp.mirror(message).forEach(post::setHeader);
            ParamHeaders.of(message, toolSchemas).forEach(post::setHeader);
        }
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        return post;
    }

    /** Registers the exchange of our request {@code key} (null: not a request) for cancellation. */
    private HttpPost watched(String key, HttpPost post) {
        if (key != null) {
            inFlight.put(key, post);
        }
        return post;
    }

    private void handle(ClassicHttpResponse response, JsonNode requestId) throws IOException {
        int status = response.getCode();
        try (response) {
            HttpEntity entity = response.getEntity();
            InputStream body = entity == null ? InputStream.nullInputStream() : entity.getContent();
            if (status == 202 || (status == 200 && requestId == null)) {
                EntityUtils.consume(entity);
                return;
            }
            if (status != 200) {
                httpError(status, response, body, requestId);
                EntityUtils.consume(entity);
                return;
            }
            if (sessionId == null) {
                String id = header(response, "Mcp-Session-Id");
                if (id != null) {
                    sessionId = id;
                }
            }
            String type = header(response, "Content-Type");
            if (type != null && type.startsWith("text/event-stream")) {
                readStream(body, requestId);
            } else {
                deliver(new String(body.readAllBytes(), StandardCharsets.UTF_8), requestId);
            }
            EntityUtils.consume(entity); // the end of the body, so that the connection is kept
        }
    }

    private static String header(ClassicHttpResponse response, String name) {
        Header header = response.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    private void readStream(InputStream body, JsonNode requestId) throws IOException {
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
        }
    }

    private void httpError(int status, ClassicHttpResponse response, InputStream body, JsonNode requestId)
            throws IOException {
        byte[] start = body.readNBytes(4096);
        HttpFailure failure = new HttpFailure(
                status, header(response, "WWW-Authenticate"), new String(start, StandardCharsets.UTF_8));
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
            if (id != null) {
                abort(id);
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
