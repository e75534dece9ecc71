package dev.mcphub.upstream.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.fixtures.OAuthServer;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.SseReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Tokens after the first authorization: refreshed ahead of expiry and on a 401, revoked, kept across restarts. */
class OAuthTokensIT {
    private static final Duration READY = Duration.ofSeconds(30);
    private static final Duration SHORT_LIVED = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private OAuthServer server;
    private HubProcess hub;

    @AfterEach
    void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shortLivedTokensAreRefreshedBeforeTheyExpire() throws Exception {
        server = OAuthServer.builder().tokenTtl(SHORT_LIVED).start();
        UserAgent user = authorizedHub();
        int rejectedBefore = server.stats().get("unauthorized").asInt();

        long end = System.nanoTime() + Duration.ofSeconds(11).toNanos();
        int calls = 0;
        while (System.nanoTime() < end) {
            assertThat(user.echo("prot", "echo", "call " + calls)).isEqualTo("call " + calls);
            calls++;
            Thread.sleep(500);
        }

        JsonNode stats = server.stats();
        assertThat(grants(stats, "refresh_token")).isGreaterThanOrEqualTo(3);
        assertThat(stats.get("unauthorized").asInt())
                .as("no request went out with an expired token")
                .isEqualTo(rejectedBefore);
        assertThat(user.status("prot").get("status").asString()).isEqualTo("connected");
    }

    @Test
    void aTokenTheServerRejectsIsRefreshedAndTheCallRetried() throws Exception {
        server = OAuthServer.builder().start();
        UserAgent user = authorizedHub();
        int rejectedBefore = server.stats().get("unauthorized").asInt();

        server.expireAccessTokens();

        assertThat(user.echo("prot", "echo", "after 401")).isEqualTo("after 401");
        JsonNode stats = server.stats();
        assertThat(stats.get("unauthorized").asInt()).isGreaterThan(rejectedBefore);
        assertThat(grants(stats, "refresh_token")).isEqualTo(1);
        assertThat(user.status("prot").get("status").asString()).isEqualTo("connected");
        assertThat(hub.get("/metrics").body())
                .contains("mcphub_oauth_refreshes_total{outcome=\"ok\"} 1.0")
                .contains("mcphub_oauth_refreshes_total{outcome=\"failed\"} 0.0");
    }

    @Test
    void aRevokedRefreshTokenSendsTheServerBackToUnauthorizedWithANewLink() throws Exception {
        server = OAuthServer.builder().tokenTtl(SHORT_LIVED).start();
        UserAgent user = authorizedHub();
        String firstLink =
                server.stats().get("authorizations").get(0).get("state").asString();

        try (SseReader events = SseReader.open(hub.url("/api/events"), Map.of())) {
            server.revokeRefreshTokens();

            JsonNode status = user.awaitStatus("prot", "unauthorized", Duration.ofSeconds(20));
            String link = status.get("authorizationUrl").asString();
            assertThat(link).startsWith(server.issuer());
            assertThat(UserAgent.query(link).get("state")).isNotEqualTo(firstLink);
            events.awaitEvent(
                    e -> SseReader.subscription("servers_updated").test(e)
                            && "unauthorized".equals(e.json().path("status").asString("")),
                    Duration.ofSeconds(10));
        }
        assertThat(OAuthFiles.tokens(hub, server.mcpUrl())).isNull();
        assertThat(hub.get("/metrics").body())
                .containsPattern("mcphub_oauth_refreshes_total\\{outcome=\"failed\"} [1-9]");

        user.authorizeInBrowser("prot");
        assertThat(user.echo("prot", "echo", "again")).isEqualTo("again");
    }

    @Test
    void tokensSurviveARestartOfTheHub() throws Exception {
        // Metadata only where the 401 pointed: after the restart, the refresh must find it without one.
        server = OAuthServer.builder()
                .tokenTtl(SHORT_LIVED)
                .resourceMetadataOnlyInChallenge()
                .start();
        authorizedHub();
        Path home = hub.home();
        assertThat(hub.stop(Duration.ofSeconds(15))).isZero();
        Thread.sleep(SHORT_LIVED.plusSeconds(1).toMillis()); // The stored access token expires meanwhile.
        int refreshesBefore = grants(server.stats(), "refresh_token");

        hub = HubProcess.builder(dir)
                .home(home)
                .config(dir.resolve("servers.json"))
                .args("--no-browser")
                .start();
        hub.awaitReady(READY);
        UserAgent user = new UserAgent(hub);

        assertThat(user.status("prot").get("status").asString()).isEqualTo("connected");
        assertThat(user.echo("prot", "echo", "restarted")).isEqualTo("restarted");
        JsonNode stats = server.stats();
        assertThat(stats.get("authorizations").size()).isEqualTo(1);
        assertThat(grants(stats, "refresh_token")).isGreaterThan(refreshesBefore);
    }

    @Test
    void aCallThatNeedsMoreScopeOffersAStepUpThatWorks() throws Exception {
        server = OAuthServer.builder().start();
        UserAgent user = authorizedHub();

        HubProcess.Reply refused = user.call("prot", "admin_echo", "hi");
        assertThat(refused.status()).isGreaterThanOrEqualTo(400);
        assertThat(refused.json().get("error").asString())
                .contains("insufficient_scope")
                .contains("authorize again at");
        String link = user.authorizationLink("prot");
        assertThat(UserAgent.query(link).get("scope")).isEqualTo("mcp:read mcp:admin");
        assertThat(user.status("prot").get("status").asString()).isEqualTo("connected");

        URI callback = UserAgent.approve(link);
        assertThat(UserAgent.visit(callback).body()).contains("Authorization successful");

        assertThat(user.echo("prot", "admin_echo", "hi")).isEqualTo("admin: hi");
        assertThat(user.echo("prot", "echo", "still")).isEqualTo("still");
    }

    private UserAgent authorizedHub() throws Exception {
        ObjectNode config = Json.object();
        config.putObject("mcpServers").putObject("prot").put("url", server.mcpUrl());
        Path file = Files.writeString(dir.resolve("servers.json"), config.toPrettyString());
        hub = HubProcess.builder(dir).config(file).args("--no-browser").start();
        hub.awaitReady(READY);
        UserAgent user = new UserAgent(hub);
        user.awaitStatus("prot", "unauthorized", READY);
        user.authorizeInBrowser("prot");
        return user;
    }

    private static int grants(JsonNode stats, String type) {
        return (int) StreamSupport.stream(stats.get("tokenRequests").spliterator(), false)
                .filter(request -> type.equals(request.get("grant_type").asString()))
                .count();
    }
}
