package dev.mcphub.testing;

import dev.mcphub.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/** A plain SSE client for tests: records every event (id, name, JSON data) of one stream. */
public final class SseReader implements AutoCloseable {
    /** One event as received. */
    public record Event(String id, String name, String data) {
        public JsonNode json() {
            return Json.parse(data);
        }
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final HttpResponse<InputStream> response;
    private final Thread reader;

    private SseReader(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = Thread.ofVirtual().start(this::read);
    }

    /**
     * Opens the stream; waits {@link TestHttp#DEFAULT_TIMEOUT} at most for the response head, and each
     * {@link #awaitEvent} bounds its own wait for events.
     */
    public static SseReader open(String url, Map<String, String> headers) throws IOException, InterruptedException {
        return open(TestHttp.shared(), url, headers);
    }

    /** Opens the stream through {@code http}, whose default timeout bounds the wait for the response head. */
    public static SseReader open(TestHttp http, String url, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        return new SseReader(http.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    public int status() {
        return response.statusCode();
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    /** Waits for an event that matches and returns it. */
    public Event awaitEvent(Predicate<Event> match, Duration timeout) {
        org.awaitility.Awaitility.await()
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> events.stream().anyMatch(match));
        return events.stream().filter(match).findFirst().orElseThrow();
    }

    public static Predicate<Event> named(String name) {
        return event -> event.name().equals(name);
    }

    public static Predicate<Event> subscription(String type) {
        return event -> event.name().equals("subscription_event")
                && event.json().path("type").asString("").equals(type);
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // Closing is all we want.
        }
        reader.interrupt();
    }

    private void read() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String name = "message";
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(id, name, data.toString()));
                    }
                    id = null;
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (IOException e) {
            // The stream ended.
        }
    }
}
