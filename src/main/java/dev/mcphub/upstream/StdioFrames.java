package dev.mcphub.upstream;

import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpc;
import dev.mcphub.jsonrpc.JsonRpcMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The stdio framing of MCP: UTF-8, one JSON-RPC message per line. Blank lines are skipped; a line that is not
 * JSON-RPC (a server's stray log line) goes to {@code noise} and reading goes on. How the bytes arrive (in
 * whatever pieces the pipe hands over) never changes the messages read.
 */
final class StdioFrames {
    private final BufferedReader reader;
    private int lastBytes = -1;

    StdioFrames(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** The next message, or null at the end of the stream. */
    JsonRpcMessage next(Consumer<String> noise) throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonRpcMessage message = JsonRpc.parse(line);
                lastBytes = Json.utf8Length(line);
                return message;
            } catch (JsonRpc.MalformedMessageException e) {
                noise.accept(line);
            }
        }
        return null;
    }

    /** The UTF-8 size of the line the last message came in. */
    int lastBytes() {
        return lastBytes;
    }

    void close() throws IOException {
        reader.close();
    }
}
