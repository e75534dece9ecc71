package dev.mcphub.marketplace;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal forward HTTP proxy on a random loopback port that records each request line. A plain-http
 * request ({@code GET http://host:port/path}) is forwarded and its response relayed, one request per
 * connection; a {@code CONNECT} is recorded and refused with 502, which is all the tests need to see that
 * https traffic was sent to the proxy.
 */
final class ForwardProxyFixture implements AutoCloseable {
    private final ServerSocket listener;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    ForwardProxyFixture() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("proxy-accept").start(this::acceptLoop);
    }

    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread.ofVirtual().name("proxy-connection").start(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            String requestLine = head.lines().findFirst().orElse("");
            requests.add(requestLine);
            String[] parts = requestLine.split(" ");
            OutputStream out = client.getOutputStream();
            if (parts.length != 3 || !parts[1].startsWith("http://")) {
                out.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            relay(parts[0], URI.create(parts[1]), out);
        } catch (IOException e) {
            // A client that went away; nothing to relay.
        }
    }

    /** Sends the request to the origin without a body (the marketplace only GETs) and copies the answer. */
    private static void relay(String method, URI target, OutputStream out) throws IOException {
        try (Socket origin = new Socket(target.getHost(), target.getPort())) {
            String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
            String request = method + " " + path + " HTTP/1.1\r\nHost: " + target.getHost() + ":" + target.getPort()
                    + "\r\nConnection: close\r\n\r\n";
            origin.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream answer = origin.getInputStream();
            // One request per connection: say so, so the client does not reuse a connection this proxy closes.
            String responseHead = readHead(answer)
                    .lines()
                    .filter(line -> !line.toLowerCase(java.util.Locale.ROOT).startsWith("connection:"))
                    .reduce((a, b) -> a + "\r\n" + b)
                    .orElse("");
            out.write((responseHead + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            answer.transferTo(out);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside the header");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - end.length);
    }
}
