package dev.mcphub.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits a {@code text/event-stream} body into events as they arrive. Only {@code event:} and {@code data:}
 * matter here; ids, retry hints and comments (heartbeats) are skipped.
 */
final class SseReader {
    private final InputStream in;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int lim;

    SseReader(InputStream in) {
        this.in = in;
    }

    /** One server-sent event; {@code event} is "message" when the stream named none. */
    record Event(String event, String data) {}

    /** The next complete event, or {@code null} at the end of the stream. */
    Event next() throws IOException {
        String event = null;
        StringBuilder data = null;
        while (true) {
            String line = readLine();
            if (line == null) {
                return null;
            }
            if (line.isEmpty()) {
                if (data != null || event != null) {
                    return new Event(event == null ? "message" : event, data == null ? "" : data.toString());
                }
                continue;
            }
            if (line.startsWith("data:")) {
                String value = stripSpace(line.substring(5));
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            } else if (line.startsWith("event:")) {
                event = stripSpace(line.substring(6));
            }
        }
    }

    private static String stripSpace(String value) {
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    private String readLine() throws IOException {
        StringBuilder line = null;
        while (true) {
            if (pos == lim) {
                int n = in.read(buf, 0, buf.length);
                if (n <= 0) {
                    return null;
                }
                pos = 0;
                lim = n;
            }
            int start = pos;
            while (pos < lim && buf[pos] != '\n') {
                pos++;
            }
            if (pos < lim) {
                String tail = new String(buf, start, pos - start, StandardCharsets.ISO_8859_1);
                pos++;
                String whole = line == null ? tail : line.append(tail).toString();
                return whole.endsWith("\r") ? whole.substring(0, whole.length() - 1) : whole;
            }
            if (line == null) {
                line = new StringBuilder();
            }
            line.append(new String(buf, start, pos - start, StandardCharsets.ISO_8859_1));
        }
    }
}
