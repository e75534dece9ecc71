package dev.mcphub.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A REST client: {@code POST /api/servers/tools} with keep-alive, answered {@code {result, timestamp}}. */
final class RestSession implements Session {
    private static final String JSON = "Content-Type: application/json\r\n";

    private final Endpoint endpoint;
    private final String server;
    private final String tool;
    private final int timeoutMs;
    private HttpConnection connection;

    RestSession(Endpoint endpoint, String server, String tool, int timeoutMs) {
        this.endpoint = endpoint;
        this.server = server;
        this.tool = tool;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void open() throws IOException {
        close();
        connection = endpoint.connect(timeoutMs);
    }

    @Override
    public boolean call(String message) throws IOException {
        connection.send("POST", "/api/servers/tools", JSON, JsonRpcText.restToolCall(server, tool, "message", message));
        HttpConnection.Head head = connection.readHead();
        String body = new String(connection.readBody(), StandardCharsets.ISO_8859_1);
        return head.status() == 200 && JsonRpcText.succeeded(JsonScan.field(body, "result"), "Echo: " + message);
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
        }
    }
}
