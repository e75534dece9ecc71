package dev.mcphub.mcp;

import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpcMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** SSE frames for JSON-RPC messages: {@code event: message}, the JSON on one {@code data:} line. */
final class Frames {
    private static final byte[] PREFIX = "event: message\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUFFIX = "\n\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private Frames() {}

    static byte[] message(JsonRpcMessage message) {
        byte[] json = Json.bytes(message.toJson());
        ByteArrayOutputStream out = new ByteArrayOutputStream(PREFIX.length + json.length + SUFFIX.length);
        out.writeBytes(PREFIX);
        out.writeBytes(json);
        out.writeBytes(SUFFIX);
        return out.toByteArray();
    }

    static byte[] event(String name, String data) {
        return ("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
