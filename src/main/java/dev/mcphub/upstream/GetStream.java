package dev.mcphub.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standing GET stream of a Streamable HTTP session, on which a server sends notifications that belong
 * to no request (list changes, log messages). Reopened with {@code Last-Event-ID} when it ends; a 404 means
 * the session is gone; a 405 means the server offers no such stream; a refused connection means the server
 * is down, so the session is lost too (a killed server would otherwise look connected until the next call).
 */
final class GetStream {
    private static final Logger log = LoggerFactory.getLogger(GetStream.class);
    private static final Duration MAX_DELAY = Duration.ofSeconds(30);

    private final StreamableHttpTransport transport;
    private volatile Thread thread;
    private volatile InputStream body;
    private volatile String lastEventId;

    GetStream(StreamableHttpTransport transport) {
        this.transport = transport;
    }

    void start() {
        thread = ServerThreads.start("get", transport.server(), this::run);
    }

    void close() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        InputStream stream = body;
        if (stream != null) {
            StreamableHttpTransport.closeQuietly(stream);
        }
    }

    private void run() {
        long delay = 500;
        while (!transport.isClosed() && !Thread.currentThread().isInterrupted()) {
            try {
                if (openAndRead()) {
                    delay = 500;
                }
            } catch (Ended e) {
                return;
            } catch (ConnectException e) {
                // Nothing listens any more: the server is down, not just this stream. Reconnecting (with the
                // supervisor's backoff) shows it as such and finds it again when it is back.
                transport.sessionLost("the server is unreachable (connection refused)");
                return;
            } catch (IOException e) {
                log.debug("{}: GET stream failed: {}", transport.server(), e.getMessage());
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                return;
            }
            delay = Math.min(delay * 2, MAX_DELAY.toMillis());
        }
    }

    /** Reads one GET stream to its end; true when it delivered anything. */
    private boolean openAndRead() throws IOException, InterruptedException, Ended {
        String resumeFrom = lastEventId;
        HttpResponse<InputStream> response = transport.send(request -> {
            request.header("Accept", "text/event-stream").GET();
            return resumeFrom == null ? request : request.header("Last-Event-ID", resumeFrom);
        });
        try (InputStream stream = response.body()) {
            int status = response.statusCode();
            if (status == 405) {
                throw new Ended();
            }
            if (status == 401) {
                transport.sessionLost("the server rejected the hub's authorization (HTTP 401 on the GET stream)");
                throw new Ended();
            }
            if (status == 404) {
                transport.sessionLost("session expired (HTTP 404 on the GET stream)");
                throw new Ended();
            }
            if (status != 200) {
                throw new IOException("HTTP " + status);
            }
            body = stream;
            return readEvents(stream);
        }
    }

    private boolean readEvents(InputStream stream) throws IOException {
        SseEventReader events = new SseEventReader(stream);
        SseEventReader.Event event;
        boolean any = false;
        while ((event = events.next()) != null) {
            if (event.id() != null) {
                lastEventId = event.id();
            }
            if ("message".equals(event.event()) && !event.data().isBlank()) {
                transport.deliver(event.data(), null);
                any = true;
            }
        }
        return any;
    }

    /** The stream will not be reopened. */
    private static final class Ended extends Exception {
        Ended() {
            super(null, null, false, false);
        }
    }
}
