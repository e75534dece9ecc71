package dev.mcphub.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The buffered read side of an {@link HttpConnection}: lines for the head and the chunk framing, raw bytes for
 * bodies. One buffer per connection, reused for its lifetime, so reading a response allocates only its text.
 */
final class SocketInput {
    private final InputStream in;
    private final String peer;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int lim;

    SocketInput(InputStream in, String peer) {
        this.in = in;
        this.peer = peer;
    }

    /** Up to {@code len} bytes, or -1 at the end of the stream. */
    int read(byte[] b, int off, int len) throws IOException {
        if (pos == lim && fill() < 0) {
            return -1;
        }
        int n = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /** One CRLF- or LF-terminated line without its terminator; the stream ending first is an error. */
    String readLine() throws IOException {
        StringBuilder line = null;
        while (true) {
            if (pos == lim && fill() < 0) {
                throw new EOFException("connection closed by " + peer);
            }
            int start = pos;
            while (pos < lim && buf[pos] != '\n') {
                pos++;
            }
            if (pos < lim) {
                int end = pos > start && buf[pos - 1] == '\r' ? pos - 1 : pos;
                pos++;
                String tail = new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
                if (line == null) {
                    return tail;
                }
                line.append(tail);
                int last = line.length() - 1;
                return last >= 0 && line.charAt(last) == '\r' ? line.substring(0, last) : line.toString();
            }
            if (line == null) {
                line = new StringBuilder();
            }
            line.append(new String(buf, start, pos - start, StandardCharsets.ISO_8859_1));
        }
    }

    private int fill() throws IOException {
        pos = 0;
        lim = 0;
        int n = in.read(buf, 0, buf.length);
        if (n > 0) {
            lim = n;
        }
        return n;
    }
}
