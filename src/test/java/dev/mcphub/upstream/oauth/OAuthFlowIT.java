package dev.mcphub.upstream.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.fixtures.ConformanceFixture;
import dev.mcphub.fixtures.OAuthServer;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.SseReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The authorization flow end to end: the real oauth.hub(), a real authorization server, a protected MCP server. */
class OAuthFlowIT {
    private static final Duration READY = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @RegisterExtension
    final OAuthRig oauth = new OAuthRig();

    private OAuthServer server;

    @Test
    void aBrowserAuthorizationConnectsTheServerAndLeavesOthersAlone() throws Exception {
        server = oauth.start(OAuthServer.builder());
        List<String> stdio = ConformanceFixture.stdioCommand();
        ObjectNode other = Json.object().put("command", stdio.getFirst());
        stdio.subList(1, stdio.size()).forEach(other.putArray("args")::add);
        UserAgent user = startHub(Map.of("prot", entry(server.mcpUrl()), "other", other));

        JsonNode unauthorized = user.awaitStatus("prot", "unauthorized", READY);
        assertThat(user.status("other").get("status").asString()).isEqualTo("connected");
        String link = unauthorized.get("authorizationUrl").asString();
        assertThat(user.authorizationLink("prot")).isEqualTo(link);
        Map<String, String> query = UserAgent.query(link);
        assertThat(link).startsWith(server.issuer() + "authorize?");
        assertThat(query)
                .containsEntry("response_type", "code")
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("scope", "mcp:read")
                .containsEntry("resource", server.mcpUrl())
                .containsEntry(
                        "redirect_uri",
                        "http://localhost:" + oauth.hub().port() + "/api/oauth/callback?server_name=prot")
                .containsKeys("code_challenge", "state", "client_id");

        try (SseReader events = SseReader.open(oauth.hub().url("/api/events"), Map.of())) {
            URI callback = UserAgent.approve(link);
            assertThat(callback.toString()).startsWith(query.get("redirect_uri") + "&");
            HttpResponse<String> page = UserAgent.visit(callback);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
            assertThat(page.body()).contains("Authorization successful").contains("prot");
            assertThat(user.status("prot").get("status").asString()).isEqualTo("connected");
            events.awaitEvent(
                    e -> SseReader.subscription("servers_updated").test(e)
                            && e.json()
                                    .path("changes")
                                    .path("modified")
                                    .toString()
                                    .contains("\"prot\""),
                    Duration.ofSeconds(10));
        }
        assertThat(user.echo("prot", "echo", "hello")).isEqualTo("hello");
        assertThat(user.status("prot").get("authorizationUrl").isNull()).isTrue();

        JsonNode stats = server.stats();
        assertThat(stats.get("registrations").asInt()).isEqualTo(1);
        JsonNode exchange = stats.get("tokenRequests").get(0);
        assertThat(exchange.get("grant_type").asString()).isEqualTo("authorization_code");
        assertThat(exchange.get("confidential").asBoolean()).isFalse();
        assertThat(exchange.get("resource").asString()).isEqualTo(server.mcpUrl());
    }

    @Test
    void theManualCallbackCompletesFromAPastedRedirectUrl() throws Exception {
        server = oauth.start(OAuthServer.builder());
        UserAgent user = startHub(Map.of("prot", entry(server.mcpUrl())));
        user.awaitStatus("prot", "unauthorized", READY);

        HubProcess.Reply missing = oauth.hub().post("/api/oauth/manual_callback", "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error").asString()).contains("Missing URL parameter");

        URI callback = UserAgent.approve(user.authorizationLink("prot"));
        HubProcess.Reply reply = oauth.hub()
                .post(
                        "/api/oauth/manual_callback",
                        Json.object().put("url", callback.toString()).toString());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("status").asString()).isEqualTo("ok");
        assertThat(reply.json().get("message").asString()).isEqualTo("Authorization successful for server 'prot'");
        assertThat(reply.json().get("server_name").asString()).isEqualTo("prot");
        assertThat(user.status("prot").get("status").asString()).isEqualTo("connected");
        assertThat(user.echo("prot", "echo", "pasted")).isEqualTo("pasted");
    }

    @Test
    void aPreRegisteredClientUsesItsSecretAndRegistersNothing() throws Exception {
        server = oauth.start(OAuthServer.builder()
                .preRegistered("hub-client", "s3cret", "http://localhost:1/api/oauth/callback?server_name=pre"));
        ObjectNode entry = entry(server.mcpUrl());
        ObjectNode settings =
                entry.putObject("oauth").put("clientId", "hub-client").put("clientSecret", "s3cret");
        settings.putArray("scopes").add("mcp:read");
        UserAgent user = startHub(Map.of("pre", entry));
        user.awaitStatus("pre", "unauthorized", READY);

        user.authorizeInBrowser("pre");

        JsonNode stats = server.stats();
        assertThat(stats.get("registrations").asInt()).isZero();
        assertThat(stats.get("authorizations").get(0).get("client_id").asString())
                .isEqualTo("hub-client");
        assertThat(stats.get("tokenRequests").get(0).get("client_id").asString())
                .isEqualTo("hub-client");
        assertThat(stats.get("tokenRequests").get(0).get("confidential").asBoolean())
                .isTrue();
        assertThat(user.echo("pre", "echo", "pre-registered")).isEqualTo("pre-registered");
        String stored = Files.readString(OAuthFiles.storage(oauth.hub()));
        assertThat(stored).doesNotContain("s3cret").doesNotContain("clientInfo");
    }

    @Test
    void discoveryUsesTheWellKnownUrlsAndOpenIdConnectAsTheFallback() throws Exception {
        server = oauth.start(OAuthServer.builder().oidcOnly().noResourceMetadataInChallenge());
        UserAgent user = startHub(Map.of("prot", entry(server.mcpUrl())));
        user.awaitStatus("prot", "unauthorized", READY);

        user.authorizeInBrowser("prot");

        assertThat(user.echo("prot", "echo", "oidc")).isEqualTo("oidc");
    }

    @Test
    void aForgedStateIsRefusedAndTheRealAuthorizationStillWorks() throws Exception {
        server = oauth.start(OAuthServer.builder());
        UserAgent user = startHub(Map.of("prot", entry(server.mcpUrl())));
        user.awaitStatus("prot", "unauthorized", READY);
        String link = user.authorizationLink("prot");

        HttpResponse<String> forged = UserAgent.visit(
                URI.create(oauth.hub().url("/api/oauth/callback?server_name=prot&code=stolen&state=forged")));
        assertThat(forged.statusCode()).isEqualTo(200);
        assertThat(forged.body()).contains("Authorization failed").contains("state is unknown or was already used");
        assertThat(OAuthFiles.tokens(oauth.hub(), server.mcpUrl())).isNull();
        assertThat(user.status("prot").get("authorizationUrl").asString()).isEqualTo(link);

        HttpResponse<String> page = UserAgent.visit(UserAgent.approve(link));
        assertThat(page.body()).contains("Authorization successful");
        user.awaitStatus("prot", "connected", Duration.ofSeconds(10));
    }

    @Test
    void aReplayedCallbackIsRefusedAndChangesNothing() throws Exception {
        server = oauth.start(OAuthServer.builder());
        UserAgent user = startHub(Map.of("prot", entry(server.mcpUrl())));
        user.awaitStatus("prot", "unauthorized", READY);
        URI callback = UserAgent.approve(user.authorizationLink("prot"));
        assertThat(UserAgent.visit(callback).body()).contains("Authorization successful");
        String stored = Files.readString(OAuthFiles.storage(oauth.hub()));

        HttpResponse<String> replay = UserAgent.visit(callback);

        assertThat(replay.body()).contains("Authorization failed").contains("already used");
        assertThat(Files.readString(OAuthFiles.storage(oauth.hub()))).isEqualTo(stored);
        assertThat(user.status("prot").get("status").asString()).isEqualTo("connected");
        assertThat(server.stats().get("tokenRequests").size()).isEqualTo(1);
    }

    @Test
    void aDeniedAuthorizationIsShownEscapedAndANewLinkIsOffered() throws Exception {
        server = oauth.start(OAuthServer.builder());
        UserAgent user = startHub(Map.of("prot", entry(server.mcpUrl())));
        user.awaitStatus("prot", "unauthorized", READY);
        String link = user.authorizationLink("prot");
        server.denyNext();

        URI callback = UserAgent.approve(link);
        assertThat(UserAgent.query(callback.toString())).containsEntry("error", "access_denied");
        HttpResponse<String> page = UserAgent.visit(callback);

        assertThat(page.body())
                .contains("Authorization failed")
                .contains("access_denied")
                .contains("The user &lt;b&gt;denied&lt;/b&gt; the request")
                .doesNotContain("<b>denied</b>");
        assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(OAuthFiles.tokens(oauth.hub(), server.mcpUrl())).isNull();
        JsonNode status = user.awaitStatus("prot", "unauthorized", Duration.ofSeconds(10));
        assertThat(status.get("authorizationUrl").asString()).isNotEqualTo(link).startsWith(server.issuer());
        assertThat(server.stats().get("tokenRequests").size()).isZero();
    }

    @Test
    void aCallbackWithoutACodeIsRefusedAndStoresNothing() throws Exception {
        server = oauth.start(OAuthServer.builder());
        UserAgent user = startHub(Map.of("prot", entry(server.mcpUrl())));
        user.awaitStatus("prot", "unauthorized", READY);
        String state = UserAgent.query(user.authorizationLink("prot")).get("state");

        HttpResponse<String> page =
                UserAgent.visit(URI.create(oauth.hub().url("/api/oauth/callback?server_name=prot&state=" + state)));

        assertThat(page.body()).contains("Authorization failed").contains("has no code");
        assertThat(OAuthFiles.tokens(oauth.hub(), server.mcpUrl())).isNull();
        user.awaitStatus("prot", "unauthorized", Duration.ofSeconds(10));
    }

    @Test
    void authorizeNamesWhatIsWrongWithTheRequest() throws Exception {
        server = oauth.start(OAuthServer.builder());
        UserAgent user = startHub(Map.of("prot", entry(server.mcpUrl())));
        user.awaitStatus("prot", "unauthorized", READY);

        assertThat(oauth.hub().post("/api/servers/authorize", "{}").status()).isEqualTo(400);
        assertThat(oauth.hub()
                        .post("/api/servers/authorize", "{\"server_name\":\"nope\"}")
                        .status())
                .isEqualTo(404);
        user.authorizeInBrowser("prot");
        HubProcess.Reply connected = oauth.hub().post("/api/servers/authorize", "{\"server_name\":\"prot\"}");
        assertThat(connected.status()).isEqualTo(400);
        assertThat(connected.json().get("error").asString())
                .isEqualTo("No authorization URL available for server 'prot'");
    }

    private UserAgent startHub(Map<String, ObjectNode> servers) throws Exception {
        return oauth.hub(dir, servers);
    }

    static ObjectNode entry(String url) {
        return OAuthRig.entry(url);
    }
}
