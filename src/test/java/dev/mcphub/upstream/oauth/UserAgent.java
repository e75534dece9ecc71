package dev.mcphub.upstream.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.TestHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a user does with a hub and an OAuth-protected server, over HTTP as a browser would: ask the hub for the
 * link, open it at the authorization server (which approves at once and redirects), follow the redirect to
 * the hub's callback. Plus the REST calls the tests make around it.
 */
final class UserAgent {
    /** A browser that does not follow redirects by itself (nor does TestHttp), so that each hop can be checked. */
    private static final TestHttp BROWSER = TestHttp.shared();

    private final HubProcess hub;

    UserAgent(HubProcess hub) {
        this.hub = hub;
    }

    /** POST /api/servers/authorize: the link for the server. */
    String authorizationLink(String server) throws IOException, InterruptedException {
        HubProcess.Reply reply = hub.post("/api/servers/authorize", "{\"server_name\":\"" + server + "\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("authorizationUrl").asString();
    }

    /** Opens the link at the authorization server; returns where it redirects the browser. */
    static URI approve(String authorizationUrl) throws IOException, InterruptedException {
        HttpResponse<String> response = BROWSER.send(
                HttpRequest.newBuilder(URI.create(authorizationUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return URI.create(response.headers().firstValue("Location").orElseThrow());
    }

    /** Follows a redirect to the hub (its callback page). */
    static HttpResponse<String> visit(URI location) throws IOException, InterruptedException {
        return BROWSER.send(
                HttpRequest.newBuilder(location)
                        .timeout(Duration.ofSeconds(60))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The whole flow; returns the callback page after checking that it reports success. */
    HttpResponse<String> authorizeInBrowser(String server) throws IOException, InterruptedException {
        HttpResponse<String> page = visit(approve(authorizationLink(server)));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Authorization successful");
        awaitStatus(server, "connected", Duration.ofSeconds(20));
        return page;
    }

    JsonNode status(String server) throws IOException, InterruptedException {
        HubProcess.Reply reply = hub.post("/api/servers/info", "{\"server_name\":\"" + server + "\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("server");
    }

    JsonNode awaitStatus(String server, String status, Duration timeout) {
        return await().atMost(timeout)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> status(server), s -> status.equals(s.get("status").asString()));
    }

    /** POST /api/servers/tools with {text}; the reply as it came. */
    HubProcess.Reply call(String server, String tool, String text) throws IOException, InterruptedException {
        ObjectNode body = Json.object().put("server_name", server).put("tool", tool);
        body.putObject("arguments").put("text", text);
        return hub.post("/api/servers/tools", body.toString());
    }

    /** The text of a successful tool call. */
    String echo(String server, String tool, String text) throws IOException, InterruptedException {
        HubProcess.Reply reply = call(server, tool, text);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode result = reply.json().get("result");
        assertThat(result.path("isError").asBoolean(false)).as(reply.body()).isFalse();
        return result.get("content").get(0).get("text").asString();
    }

    static Map<String, String> query(String url) {
        return AuthorizationResponse.query(URI.create(url).getRawQuery());
    }
}
