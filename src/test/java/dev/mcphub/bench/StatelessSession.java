package dev.mcphub.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A 2026-07-28 (stateless) client: no {@code initialize}, no session; every {@code tools/call} is a POST that
 * carries its protocol version, capabilities and client info in {@code _meta} and the mirrored {@code
 * MCP-Protocol-Version}, {@code Mcp-Method} and {@code Mcp-Name} headers. Keep-alive, like the other sessions.
 */
final class StatelessSession implements Session {
    private static final String VERSION = "2026-07-28";

    private final Endpoint endpoint;
    private final String tool;
    private final int timeoutMs;
    private final String headers;
    private HttpConnection post;
    private long nextId = 1;

    StatelessSession(Endpoint endpoint, String tool, int timeoutMs) {
        this.endpoint = endpoint;
        this.tool = tool;
        this.timeoutMs = timeoutMs;
        this.headers = "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                + "MCP-Protocol-Version: " + VERSION + "\r\nMcp-Method: tools/call\r\nMcp-Name: " + tool + "\r\n";
    }

    @Override
    public void open() throws IOException {
        close();
        post = endpoint.connect(timeoutMs);
    }

    @Override
    public boolean call(String message) throws IOException {
        long id = nextId++;
        post.send(
                "POST", endpoint.path(), headers, JsonRpcText.statelessToolCall(id, VERSION, tool, "message", message));
        HttpConnection.Head head = post.readHead();
        if (head.status() != 200) {
            post.drainBody();
            return false;
        }
        String response = readResponse(head, id);
        return response != null
                && JsonScan.field(response, "error") == null
                && JsonRpcText.succeeded(JsonScan.field(response, "result"), "Echo: " + message);
    }

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

    @Override
    public void close() {
        if (post != null) {
            post.close();
        }
    }
}
