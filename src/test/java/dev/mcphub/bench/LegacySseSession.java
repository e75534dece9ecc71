package dev.mcphub.bench;

import java.io.IOException;

/**
 * A client of the legacy HTTP+SSE transport (the only one the reference serves on {@code /mcp}): a GET stream
 * whose first event names the message endpoint, POSTs answered 202, and every response arriving on the stream.
 */
final class LegacySseSession implements Session {
    private static final String JSON = "Content-Type: application/json\r\n";

    private final Endpoint endpoint;
    private final String tool;
    private final int timeoutMs;
    private HttpConnection stream;
    private HttpConnection post;
    private SseReader events;
    private String messagePath;
    private long nextId = 1;

    LegacySseSession(Endpoint endpoint, String tool, int timeoutMs) {
        this.endpoint = endpoint;
        this.tool = tool;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void open() throws IOException {
        close();
        stream = endpoint.connect(timeoutMs);
        stream.send("GET", endpoint.path(), "Accept: text/event-stream\r\n", null);
        HttpConnection.Head head = stream.readHead();
        if (head.status() != 200 || !head.eventStream()) {
            throw new IOException("GET " + endpoint.path() + " answered HTTP " + head.status());
        }
        events = new SseReader(stream.body());
        SseReader.Event first = events.next();
        if (first == null || !first.event().equals("endpoint")) {
            throw new IOException("the stream did not start with an endpoint event");
        }
        messagePath = pathOf(first.data());
        post = endpoint.connect(timeoutMs);
        long id = nextId++;
        postMessage(JsonRpcText.initialize(id));
        String response = awaitResponse(id);
        if (JsonScan.field(response, "result") == null) {
            throw new IOException("initialize failed: " + response);
        }
        postMessage(JsonRpcText.initialized());
    }

    @Override
    public boolean call(String message) throws IOException {
        long id = nextId++;
        postMessage(JsonRpcText.toolCall(id, tool, "message", message));
        String response = awaitResponse(id);
        return JsonScan.field(response, "error") == null
                && JsonRpcText.succeeded(JsonScan.field(response, "result"), "Echo: " + message);
    }

    private void postMessage(byte[] body) throws IOException {
        post.send("POST", messagePath, JSON, body);
        HttpConnection.Head head = post.readHead();
        post.drainBody();
        if (head.status() / 100 != 2) {
            throw new IOException("POST " + messagePath + " answered HTTP " + head.status());
        }
    }

    private String awaitResponse(long id) throws IOException {
        for (SseReader.Event e = events.next(); e != null; e = events.next()) {
            if (JsonRpcText.answers(e.data(), id)) {
                return e.data();
            }
        }
        throw new IOException("the stream ended before the response to request " + id);
    }

    /** The endpoint event carries a path (the SDK's case) or an absolute URL. */
    private static String pathOf(String endpointData) {
        String data = endpointData.trim();
        if (data.startsWith("http://") || data.startsWith("https://")) {
            int slash = data.indexOf('/', data.indexOf("//") + 2);
            return slash < 0 ? "/" : data.substring(slash);
        }
        return data;
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
        if (post != null) {
            post.close();
        }
    }
}
