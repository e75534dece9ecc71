package dev.mcphub.bridge;

import dev.mcphub.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The bridge's one Streamable HTTP session with the hub: POSTs each client message, hands every message
 * that comes back (a JSON answer, or each event of an SSE answer) to the client, and keeps the GET stream
 * open for what the hub sends outside a request (list changes, server requests such as sampling).
 */
final class HubSession {
    static final String SESSION = "Mcp-Session-Id";
    static final String VERSION = "MCP-Protocol-Version";

    private final HttpClient http;
    private final URI endpoint;
    private final Duration requestTimeout;
    private final Consumer<JsonNode> toClient;
    /** Null until the hub names a session, and again after {@link #reset()}. */
    private volatile @Nullable String sessionId;
    /** Null until the client's initialize is answered. */
    private volatile @Nullable String protocolVersion;

    HubSession(HttpClient http, URI endpoint, Duration requestTimeout, Consumer<JsonNode> toClient) {
        this.http = http;
        this.endpoint = endpoint;
        this.requestTimeout = requestTimeout;
        this.toClient = toClient;
    }

    /** The HTTP status of the hub's answer to one message; what came back went to the client. */
    int post(JsonNode message) throws IOException, InterruptedException {
        return post(message, toClient);
    }

    /** Sends a message of the bridge's own (a repeated initialize): what comes back is not the client's. */
    int postQuietly(JsonNode message) throws IOException, InterruptedException {
        return post(message, answer -> {});
    }

    private int post(JsonNode message, Consumer<JsonNode> answers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(message)));
        withSession(request);
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            response.headers().firstValue(SESSION).ifPresent(id -> sessionId = id);
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("text/event-stream")) {
                readEvents(body, answers);
            } else {
                byte[] bytes = body.readAllBytes();
                if (bytes.length > 0 && type.startsWith("application/json")) {
                    answers.accept(Json.parse(bytes));
                }
            }
        }
        return response.statusCode();
    }

    /** Remembers the version the hub agreed to, for the header every later request carries. */
    void protocolVersion(String version) {
        protocolVersion = version;
    }

    boolean hasSession() {
        return sessionId != null;
    }

    /** Forgets the session (the hub no longer knows it); the next initialize opens a new one. */
    void reset() {
        sessionId = null;
    }

    /**
     * Reads the GET stream until it ends; returns false when the hub does not offer one (405), so that the
     * caller stops asking.
     */
    boolean listen() throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .header("Accept", "text/event-stream")
                .GET();
        withSession(request);
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() == 405) {
                return false;
            }
            if (response.statusCode() == 200) {
                readEvents(body, toClient);
            }
        }
        return true;
    }

    /** Ends the session at the hub, best effort: the hub drops idle sessions by itself anyway. */
    void delete() {
        if (sessionId == null) {
            return;
        }
        HttpRequest.Builder request =
                HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(2)).DELETE();
        withSession(request);
        try {
            http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // The hub is gone; so is the session.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void withSession(HttpRequest.Builder request) {
        HubCredential.apply(request);
        String id = sessionId;
        if (id != null) {
            request.header(SESSION, id);
        }
        String version = protocolVersion;
        if (version != null) {
            request.header(VERSION, version);
        }
    }

    /** Server-Sent Events: {@code data:} lines up to a blank line make one message. */
    private static void readEvents(InputStream body, Consumer<JsonNode> answers) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        StringBuilder data = new StringBuilder();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    answers.accept(Json.parse(data.toString()));
                    data.setLength(0);
                }
            } else if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
            }
        }
    }
}
