package dev.mcphub.upstream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Reads a {@code text/event-stream} body event by event, as the HTML spec defines the format. */
final class SseEventReader {

    /** One dispatched event; {@code event} is "message" when the stream named none. */
    record Event(String event, String data, String id, Long retryMillis) {}

    private final BufferedReader reader;

    SseEventReader(InputStream body) {
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 14);
    }

    /** The next event, or null at the end of the stream. */
    Event next() throws IOException {
        String event = null;
        String id = null;
        Long retry = null;
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(event == null ? "message" : event, data.toString(), id, retry);
                }
                event = null;
                continue;
            }
            if (line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> event = value;
                case "data" ->
                    data = data == null
                            ? new StringBuilder(value)
                            : data.append('\n').append(value);
                case "id" -> id = value;
                case "retry" -> retry = parseRetry(value);
                default -> {
                    // Unknown fields are ignored, as the format requires.
                }
            }
        }
        return null;
    }

    private static Long parseRetry(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
