package dev.mcphub.bridge;

import dev.mcphub.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * MCP over stdio, passed to the hub: one JSON-RPC message per line on standard input goes to the hub's
 * endpoint, and every message the hub sends comes out as one line on standard output, which carries nothing
 * else. Requests run concurrently (a long tool call does not hold up a ping); notifications and answers to
 * the hub's own requests are sent in order. When the hub forgets the session (it restarted), the bridge
 * opens a new one with the client's original {@code initialize} and sends the message again, so that the
 * client never notices.
 */
public final class StdioBridge {
    private static final Logger log = LoggerFactory.getLogger(StdioBridge.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final URI base;
    private final HubSession session;
    private final HttpClient http;
    private final OutputStream out;
    /** The client's initialize, kept to reopen a session the hub forgot; null until the client sends it. */
    private volatile @Nullable JsonNode initialize;

    private volatile boolean running = true;

    /**
     * @param base the hub's base URL
     * @param path the MCP endpoint's path: {@code /mcp} or a profile's
     * @param out the process's real standard output, for JSON-RPC only
     */
    public StdioBridge(URI base, String path, HttpClient http, OutputStream out, Duration callTimeout) {
        this.base = base;
        this.http = http;
        this.out = out;
        this.session = new HubSession(http, base.resolve(path), callTimeout, this::toClient);
    }

    /** Passes messages until standard input ends; returns the exit code. */
    public int run(InputStream in) throws IOException {
        Thread.ofVirtual().name("hub-events").start(this::holdEvents);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (!line.isBlank()) {
                fromClient(line);
            }
        }
        running = false;
        session.delete();
        return 0;
    }

    private void fromClient(String line) {
        JsonNode message;
        try {
            message = Json.parse(line);
        } catch (JacksonException e) {
            toClient(error(null, -32700, "Parse error: " + e.getOriginalMessage()));
            return;
        }
        boolean request = message.has("method") && message.has("id");
        if (request && "initialize".equals(Json.string(message, "method"))) {
            initialize = message;
            send(message);
            Thread.ofVirtual().name("hub-stream").start(this::listen);
        } else if (request) {
            Thread.ofVirtual().start(() -> send(message));
        } else {
            send(message);
        }
    }

    /** Sends one message; answers a failed request with a JSON-RPC error so that the client never waits. */
    private void send(JsonNode message) {
        try {
            int status = session.post(message);
            JsonNode first = initialize;
            if (status == 404 && first != null && message != first && reopen(first)) {
                status = session.post(message);
            }
            if (status >= 400 && message.has("id") && message.has("method")) {
                toClient(error(message.get("id"), -32603, "The hub answered HTTP " + status));
            }
        } catch (IOException e) {
            log.warn("hub at {} did not answer: {}", base, e.toString());
            if (message.has("id") && message.has("method")) {
                toClient(error(message.get("id"), -32603, "The hub at " + base + " did not answer: " + e));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A new session with the client's own initialize, its answer kept from the client (it has one). */
    private boolean reopen(JsonNode initialize) throws IOException, InterruptedException {
        log.info("the hub no longer knows this session (it restarted?); opening a new one");
        session.reset();
        int status = session.postQuietly(initialize);
        if (status != 200) {
            return false;
        }
        session.postQuietly(Json.object().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
        return true;
    }

    private void listen() {
        while (running) {
            try {
                if (!session.listen()) {
                    return;
                }
            } catch (IOException e) {
                log.debug("GET stream ended: {}", e.toString());
            } catch (InterruptedException e) {
                return;
            }
            pause();
        }
    }

    /**
     * Stays subscribed to {@code /api/events}: a hub started with {@code --auto-shutdown} then lives as long
     * as this bridge does.
     */
    private void holdEvents() {
        while (running) {
            try {
                http.send(
                        HubCredential.apply(HttpRequest.newBuilder(base.resolve("/api/events")))
                                .header("Accept", "text/event-stream")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                log.debug("event stream ended: {}", e.toString());
            } catch (InterruptedException e) {
                return;
            }
            pause();
        }
    }

    private void toClient(JsonNode message) {
        JsonNode first = initialize;
        if (message.has("result") && first != null && message.get("id").equals(first.get("id"))) {
            String version = Json.string(message.get("result"), "protocolVersion");
            if (version != null) {
                session.protocolVersion(version);
            }
        }
        byte[] line = Json.bytes(message);
        synchronized (out) {
            try {
                out.write(line);
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                running = false; // The client closed its end; standard input ends next.
            }
        }
    }

    private static ObjectNode error(@Nullable JsonNode id, int code, String message) {
        ObjectNode error = Json.object().put("jsonrpc", "2.0");
        error.set("id", id);
        error.putObject("error").put("code", code).put("message", message);
        return error;
    }

    private void pause() {
        try {
            Thread.sleep(RETRY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
