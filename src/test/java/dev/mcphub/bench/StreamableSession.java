package dev.mcphub.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A Streamable HTTP client session: POST to the endpoint with {@code Mcp-Session-Id} after {@code initialize};
 * each response may be plain JSON or an SSE stream that carries it. Like real clients it also keeps the GET
 * stream open for server-initiated messages (drained on a thread of its own), when the server offers one.
 */
final class StreamableSession implements Session {
    private static final String ACCEPT =
            "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n";

    private final Endpoint endpoint;
    private final String tool;
    private final int timeoutMs;
    private final boolean listen;
    private HttpConnection post;
    private HttpConnection stream;
    private String headers = ACCEPT;
    private long nextId = 1;

    StreamableSession(Endpoint endpoint, String tool, int timeoutMs, boolean listen) {
        this.endpoint = endpoint;
        this.tool = tool;
        this.timeoutMs = timeoutMs;
        this.listen = listen;
    }

    @Override
    public void open() throws IOException {
        close();
        post = endpoint.connect(timeoutMs);
        headers = ACCEPT;
        long id = nextId++;
        post.send("POST", endpoint.path(), headers, JsonRpcText.initialize(id));
        HttpConnection.Head head = post.readHead();
        if (head.status() != 200) {
            post.drainBody();
            throw new IOException("initialize answered HTTP " + head.status());
        }
        String response = readResponse(head, id);
        String version = JsonScan.string(JsonScan.field(response, "result"), "protocolVersion");
        if (version == null) {
            throw new IOException("initialize failed: " + response);
        }
        String sessionId = head.header("mcp-session-id");
        headers = ACCEPT + (sessionId == null ? "" : "Mcp-Session-Id: " + sessionId + "\r\n") + "MCP-Protocol-Version: "
                + version + "\r\n";
        post.send("POST", endpoint.path(), headers, JsonRpcText.initialized());
        HttpConnection.Head ack = post.readHead();
        post.drainBody();
        if (ack.status() / 100 != 2) {
            throw new IOException("notifications/initialized answered HTTP " + ack.status());
        }
        if (listen) {
            openListenStream();
        }
    }

    @Override
    public boolean call(String message) throws IOException {
        long id = nextId++;
        post.send("POST", endpoint.path(), headers, JsonRpcText.toolCall(id, tool, "message", message));
        HttpConnection.Head head = post.readHead();
        if (head.status() != 200) {
            post.drainBody();
            if (head.status() == 404) {
                throw new IOException("session gone (HTTP 404)");
            }
            return false;
        }
        String response = readResponse(head, id);
        return response != null
                && JsonScan.field(response, "error") == null
                && JsonRpcText.succeeded(JsonScan.field(response, "result"), "Echo: " + message);
    }

    /** The JSON-RPC response with this id, from a JSON body or from the SSE stream of the POST. */
    private String readResponse(HttpConnection.Head head, long id) throws IOException {
        if (!head.eventStream()) {
            return new String(post.readBody(), StandardCharsets.ISO_8859_1);
        }
        SseReader events = new SseReader(post.body());
        for (SseReader.Event e = events.next(); e != null; e = events.next()) {
            if (JsonRpcText.answers(e.data(), id)) {
                post.drainBody();
                return e.data();
            }
        }
        return null;
    }

    private void openListenStream() throws IOException {
        HttpConnection get = endpoint.connect(timeoutMs);
        get.send("GET", endpoint.path(), headers.replace(ACCEPT, "Accept: text/event-stream\r\n"), null);
        HttpConnection.Head head = get.readHead();
        if (head.status() != 200 || !head.eventStream()) {
            get.close();
            return;
        }
        stream = get;
        Thread.ofVirtual().name("listen").start(() -> drain(get));
    }

    /** Reads and drops whatever the server pushes, so that its writes never back up. */
    private static void drain(HttpConnection get) {
        try {
            SseReader events = new SseReader(get.body());
            while (events.next() != null) {
                // server-initiated messages are not part of the measurement
            }
        } catch (IOException | RuntimeException ignored) {
            // the session was closed
        }
    }

    @Override
    public void close() {
        if (post != null) {
            post.close();
        }
        if (stream != null) {
            stream.close();
            stream = null;
        }
    }
}
