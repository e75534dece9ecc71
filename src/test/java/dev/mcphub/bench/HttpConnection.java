package dev.mcphub.bench;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 client connection with keep-alive over a blocking socket: write a request, read the head, then
 * read the body whole or as a stream (for {@code text/event-stream}). Understands Content-Length, chunked and
 * close-delimited bodies. Reconnects by itself on the next request when the server closed the connection. It
 * is deliberately minimal (one request at a time, no pipelining) so that its cost per call stays a few
 * microseconds; one instance belongs to one thread at a time.
 */
final class HttpConnection implements Closeable {
    private enum Framing {
        NONE,
        LENGTH,
        CHUNKED,
        UNTIL_CLOSE
    }

    private final String host;
    private final int port;
    private final int timeoutMs;
    private final String hostHeader;
    private Socket socket;
    private SocketInput in;
    private OutputStream out;
    private boolean reusable;
    private Framing framing = Framing.NONE;
    private long remaining;
    private boolean chunkEndPending;
    private volatile boolean closed;

    private HttpConnection(String host, int port, int timeoutMs) {
        this.host = host;
        this.port = port;
        this.timeoutMs = timeoutMs;
        this.hostHeader = "Host: " + host + ":" + port + "\r\n";
    }

    static HttpConnection open(String host, int port, int timeoutMs) throws IOException {
        HttpConnection c = new HttpConnection(host, port, timeoutMs);
        c.connect();
        return c;
    }

    /** The head of a response: status and headers with lower-case names. */
    record Head(int status, Map<String, String> headers) {
        String header(String lowerCaseName) {
            return headers.get(lowerCaseName);
        }

        boolean eventStream() {
            String type = headers.get("content-type");
            return type != null && type.startsWith("text/event-stream");
        }
    }

    /**
     * Sends one request. {@code headers} are complete header lines ("Name: value\r\n" each); Host and
     * Content-Length are added here. The head and the body go out in one write.
     */
    void send(String method, String target, String headers, byte[] body) throws IOException {
        if (socket == null || !reusable) {
            reconnect();
        }
        String head = method + " " + target + " HTTP/1.1\r\n" + hostHeader + headers
                + (body == null ? "\r\n" : "Content-Length: " + body.length + "\r\n\r\n");
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            out.write(headBytes);
        } else {
            byte[] all = new byte[headBytes.length + body.length];
            System.arraycopy(headBytes, 0, all, 0, headBytes.length);
            System.arraycopy(body, 0, all, headBytes.length, body.length);
            out.write(all);
        }
        out.flush();
    }

    /** Reads the status line and headers, and prepares the body's framing. */
    Head readHead() throws IOException {
        String statusLine = in.readLine();
        if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new HashMap<>();
        for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        reusable = !"close".equalsIgnoreCase(headers.get("connection"));
        String length = headers.get("content-length");
        if (status == 204 || status == 304 || status / 100 == 1) {
            framing = Framing.NONE;
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            framing = Framing.CHUNKED;
            chunkEndPending = false;
            remaining = 0;
        } else if (length != null) {
            remaining = Long.parseLong(length);
            framing = remaining == 0 ? Framing.NONE : Framing.LENGTH;
        } else {
            framing = Framing.UNTIL_CLOSE;
            reusable = false;
        }
        return new Head(status, headers);
    }

    /** The whole body of the current response. */
    byte[] readBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(512);
        byte[] chunk = new byte[4096];
        for (int n = readBody(chunk, 0, chunk.length); n > 0; n = readBody(chunk, 0, chunk.length)) {
            body.write(chunk, 0, n);
        }
        return body.toByteArray();
    }

    /** Skips the rest of the current body so that the connection can carry the next request. */
    void drainBody() throws IOException {
        byte[] skip = new byte[4096];
        while (readBody(skip, 0, skip.length) > 0) {
            // discard
        }
    }

    /** The current body as a stream, for reading server-sent events as they arrive. */
    InputStream body() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = readBody(b, off, len);
                return n == 0 ? -1 : n;
            }
        };
    }

    /** Reads body bytes honouring the framing; 0 at the end of the body. */
    private int readBody(byte[] b, int off, int len) throws IOException {
        switch (framing) {
            case NONE -> {
                return 0;
            }
            case LENGTH -> {
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new EOFException("connection closed inside a body");
                }
                remaining -= n;
                if (remaining == 0) {
                    framing = Framing.NONE;
                }
                return n;
            }
            case CHUNKED -> {
                if (remaining == 0) {
                    if (chunkEndPending) {
                        // The CRLF that ends the previous chunk: servers such as Jetty send it only with the
                        // next chunk, so waiting for it before handing out the data would hold every event
                        // back until the next one arrives.
                        in.readLine();
                        chunkEndPending = false;
                    }
                    String sizeLine = in.readLine();
                    int semi = sizeLine.indexOf(';');
                    remaining = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                    if (remaining == 0) {
                        while (!in.readLine().isEmpty()) {
                            // trailers
                        }
                        framing = Framing.NONE;
                        return 0;
                    }
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new EOFException("connection closed inside a chunk");
                }
                remaining -= n;
                chunkEndPending = remaining == 0;
                return n;
            }
            case UNTIL_CLOSE -> {
                int n = in.read(b, off, len);
                if (n < 0) {
                    framing = Framing.NONE;
                    return 0;
                }
                return n;
            }
            default -> throw new IllegalStateException();
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(timeoutMs);
        s.connect(new InetSocketAddress(host, port), timeoutMs);
        socket = s;
        in = new SocketInput(s.getInputStream(), host + ":" + port);
        out = s.getOutputStream();
        reusable = true;
        framing = Framing.NONE;
    }

    private void reconnect() throws IOException {
        if (closed) {
            throw new IOException("connection closed");
        }
        closeSocket();
        connect();
    }

    private void closeSocket() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing an already broken socket
            }
        }
    }

    /** Changes the read timeout, e.g. to 0 (none) for a stream that may stay quiet for long. */
    void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** Closes at once, from any thread; a thread blocked in a read gets an exception. */
    @Override
    public void close() {
        closed = true;
        closeSocket();
    }
}
