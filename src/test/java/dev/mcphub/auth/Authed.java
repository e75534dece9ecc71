package dev.mcphub.auth;

import static org.awaitility.Awaitility.await;

import dev.mcphub.testing.HubProcess;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/** Requests to a hub that wants credentials: each with {@code Authorization: Bearer <credential>}. */
record Authed(HubProcess hub, String credential) {

    HubProcess.Reply get(String path) throws Exception {
        return hub.send(request(path).GET());
    }

    HubProcess.Reply post(String path, String body) throws Exception {
        return hub.send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A JSON-RPC POST to an MCP endpoint, in a session when {@code session} is not null. */
    HubProcess.Reply mcp(String path, String session, String body) throws Exception {
        HttpRequest.Builder request = request(path)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-06-18");
        }
        return hub.send(request);
    }

    /** Opens a session at {@code path} and returns its id. */
    String initialize(String path) throws Exception {
        HubProcess.Reply reply = mcp(
                path,
                null,
                "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"authed-test\",\"version\":\"1\"}}}");
        if (reply.status() != 200) {
            throw new AssertionError("initialize answered " + reply.status() + ": " + reply.body());
        }
        String session = reply.headers().get("mcp-session-id").getFirst();
        mcp(path, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return session;
    }

    /** Waits for the hub's ready state, asking with this credential. */
    Authed awaitReady(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            HubProcess.Reply reply = get("/api/health");
            return reply.status() == 200
                    && "ready".equals(reply.json().path("state").asString(""));
        });
        return this;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.url(path)));
        return credential == null ? request : request.header("Authorization", "Bearer " + credential);
    }
}
