package dev.mcphub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpConnectionIT {
    private static final List<String> RESPONSES = List.of(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + chunked(": a comment\n\nevent: message\nda", "ta: {\"id\":7,\"result\":{}}\r", "\n\n"),
            "HTTP/1.1 202 Accepted\r\nContent-Length: 8\r\n\r\nAccepted",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"ok\":true}",
            "HTTP/1.1 204 No Content\r\n\r\n");

    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final List<Integer> connections = new CopyOnWriteArrayList<>();
    private ServerSocket server;

    @BeforeEach
    void serveCannedResponses() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            int next = 0;
            try {
                while (next < RESPONSES.size()) {
                    Socket s = server.accept();
                    connections.add(next);
                    BufferedReader in =
                            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                    OutputStream out = s.getOutputStream();
                    String response;
                    do {
                        requestLines.add(readRequest(in));
                        response = RESPONSES.get(next++);
                        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    } while (!response.contains("Connection: close") && next < RESPONSES.size());
                    s.close();
                }
            } catch (IOException ignored) {
                // the test ended
            }
        });
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void readsChunkedEventsAndLengthBodiesOnOneKeptAliveConnectionAndReconnectsAfterClose() throws IOException {
        try (HttpConnection c = HttpConnection.open("127.0.0.1", server.getLocalPort(), 5000)) {
            c.send("POST", "/mcp", "Content-Type: application/json\r\n", "{}".getBytes(StandardCharsets.UTF_8));
            HttpConnection.Head sse = c.readHead();
            SseReader events = new SseReader(c.body());
            SseReader.Event event = events.next();
            c.drainBody();

            c.send("POST", "/messages?sessionId=1", "", new byte[0]);
            HttpConnection.Head accepted = c.readHead();
            String acceptedBody = new String(c.readBody(), StandardCharsets.ISO_8859_1);

            c.send("GET", "/api/health", "", null);
            c.readHead();
            String closingBody = new String(c.readBody(), StandardCharsets.ISO_8859_1);

            c.send("DELETE", "/mcp", "", null);
            HttpConnection.Head afterReconnect = c.readHead();

            assertThat(sse.eventStream()).isTrue();
            assertThat(event).isEqualTo(new SseReader.Event("message", "{\"id\":7,\"result\":{}}"));
            assertThat(accepted.status()).isEqualTo(202);
            assertThat(acceptedBody).isEqualTo("Accepted");
            assertThat(closingBody).isEqualTo("{\"ok\":true}");
            assertThat(afterReconnect.status()).isEqualTo(204);
            assertThat(requestLines)
                    .containsExactly(
                            "POST /mcp HTTP/1.1",
                            "POST /messages?sessionId=1 HTTP/1.1",
                            "GET /api/health HTTP/1.1",
                            "DELETE /mcp HTTP/1.1");
            assertThat(connections)
                    .as("three requests share the first connection; the server closed it, so the fourth reconnects")
                    .containsExactly(0, 3);
        }
    }

    /** A chunked body whose chunk boundaries fall inside lines, as they do on the wire. */
    private static String chunked(String... chunks) {
        StringBuilder body = new StringBuilder();
        for (String chunk : chunks) {
            body.append(Integer.toHexString(chunk.length()))
                    .append("\r\n")
                    .append(chunk)
                    .append("\r\n");
        }
        return body.append("0\r\n\r\n").toString();
    }

    /** Reads one request (head and Content-Length body) and returns its request line. */
    private static String readRequest(BufferedReader in) throws IOException {
        String requestLine = in.readLine();
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.skip(length);
        return requestLine;
    }
}
