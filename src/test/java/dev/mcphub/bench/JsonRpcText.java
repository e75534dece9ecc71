package dev.mcphub.bench;

import java.nio.charset.StandardCharsets;

/**
 * The few JSON-RPC and REST bodies the generator sends, written as text (the arguments are plain ASCII that
 * the generator makes itself, so nothing needs escaping), and the check that a reply is the expected echo.
 */
final class JsonRpcText {
    /**
     * What we ask for: the newest version, which today's clients use. It matters for the url rows: our hub
     * speaks 2025-11-25 to an upstream, and server-everything answers 2025-11-25 requests with an extra
     * priming event that costs it about 2 ms per call, so the direct ceiling must ask for the same version
     * to be a fair comparison. (The reference's bundled SDK stops at 2025-06-18, with its clients and its
     * upstreams alike.)
     */
    static final String PROTOCOL_VERSION = "2025-11-25";

    private JsonRpcText() {}

    static byte[] initialize(long id) {
        return bytes(
                "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
                        + PROTOCOL_VERSION + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"mcp-hub-bench\","
                        + "\"version\":\"1.0.0\"}}}");
    }

    static byte[] initialized() {
        return bytes("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    static byte[] toolCall(long id, String tool, String argument, String value) {
        return bytes("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{\"" + argument + "\":\"" + value + "\"}}}");
    }

    /** A 2026-07-28 tools/call: the request's own {@code _meta} says its version, capabilities and client. */
    static byte[] statelessToolCall(long id, String version, String tool, String argument, String value) {
        return bytes("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{\"" + argument + "\":\"" + value + "\"},\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"" + version + "\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{},"
                + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"mcp-hub-bench\",\"version\":\"1\"}}}}");
    }

    static byte[] restToolCall(String server, String tool, String argument, String value) {
        return bytes("{\"server_name\":\"" + server + "\",\"tool\":\"" + tool + "\",\"arguments\":{\"" + argument
                + "\":\"" + value + "\"}}");
    }

    /** Whether {@code message} (a JSON-RPC response) answers the request with this id. */
    static boolean answers(String message, long id) {
        String raw = JsonScan.field(message, "id");
        return raw != null && raw.equals(Long.toString(id));
    }

    /**
     * Whether a tools/call result (the raw {@code result} object) is a success that contains {@code text}:
     * an {@code isError} result or a missing result counts as an error.
     */
    static boolean succeeded(String result, String text) {
        return result != null && !"true".equals(JsonScan.field(result, "isError")) && result.contains(text);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
