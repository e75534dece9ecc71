package dev.mcphub.testing;

import dev.mcphub.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/**
 * A {@code tools/call} POST to a hub's {@code /mcp} written by hand on a socket the test owns, for a client that
 * vanishes with its call in flight: no HTTP client library lets a test close the connection before the answer in
 * a way it controls.
 */
public final class RawPost {
    private RawPost() {}

    /** Writes a tools/call with {@code params} ({@code name}, {@code arguments}) in the session, and returns. */
    public static void toolCall(Socket socket, int port, String sessionId, JsonNode params) throws IOException {
        byte[] body = Json.bytes(Json.object()
                .put("jsonrpc", "2.0")
                .put("id", 77)
                .put("method", "tools/call")
                .set("params", params));
        String head = "POST /mcp HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream\r\n"
                + "Mcp-Session-Id: " + sessionId + "\r\n"
                + "Mcp-Protocol-Version: 2025-06-18\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }
}
