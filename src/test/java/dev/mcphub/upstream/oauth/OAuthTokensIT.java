package dev.mcphub.upstream.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.fixtures.OAuthServer;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.SseReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Tokens after the first authorization: refreshed ahead of expiry and on a 401, revoked, kept across restarts. */
class OAuthTokensIT {
    private static final Duration READY = Duration.ofSeconds(30);
    private static final Duration SHORT_LIVED = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    @RegisterExtension
    final OAuthRig oauth = new OAuthRig();

    private OAuthServer server;

    @Test
    void shortLivedTokensAreRefreshedBeforeTheyExpire() throws Exception {
        server = oauth.start(OAuthServer.builder().tokenTtl(SHORT_LIVED));
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
        server = oauth.start(OAuthServer.builder());
        UserAgent user = authorizedHub();
        int rejectedBefore = server.stats().get("unauthorized").asInt();

        server.expireAccessTokens();

        assertThat(user.echo("prot", "echo", "after 401")).isEqualTo("after 401");
        JsonNode stats = server.stats();
        assertThat(stats.get("unauthorized").asInt()).isGreaterThan(rejectedBefore);
        assertThat(grants(stats, "refresh_token")).isEqualTo(1);
        assertThat(user.status("prot").get("status").asString()).isEqualTo("connected");
        assertThat(oauth.hub().get("/metrics").body())
                .contains("mcphub_oauth_refreshes_total{outcome=\"ok\"} 1.0")
                .contains("mcphub_oauth_refreshes_total{outcome=\"failed\"} 0.0");
    }

    @Test
    void aRevokedRefreshTokenSendsTheServerBackToUnauthorizedWithANewLink() throws Exception {
        server = oauth.start(OAuthServer.builder().tokenTtl(SHORT_LIVED));
        UserAgent user = authorizedHub();
        String firstLink =
                server.stats().get("authorizations").get(0).get("state").asString();

        try (SseReader events = SseReader.open(oauth.hub().url("/api/events"), Map.of())) {
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
        assertThat(OAuthFiles.tokens(oauth.hub(), server.mcpUrl())).isNull();
        assertThat(oauth.hub().get("/metrics").body())
                .containsPattern("mcphub_oauth_refreshes_total\\{outcome=\"failed\"} [1-9]");

        user.authorizeInBrowser("prot");
        assertThat(user.echo("prot", "echo", "again")).isEqualTo("again");
    }

    @Test
    void tokensSurviveARestartOfTheHub() throws Exception {
        // Metadata only where the 401 pointed: after the restart, the refresh must find it without one.
        server = oauth.start(OAuthServer.builder().tokenTtl(SHORT_LIVED).resourceMetadataOnlyInChallenge());
        authorizedHub();
        oauth.stopHub();
        Thread.sleep(SHORT_LIVED.plusSeconds(1).toMillis()); // The stored access token expires meanwhile.
        int refreshesBefore = grants(server.stats(), "refresh_token");

        UserAgent user = oauth.restartHub(dir);

        assertThat(user.status("prot").get("status").asString()).isEqualTo("connected");
        assertThat(user.echo("prot", "echo", "restarted")).isEqualTo("restarted");
        JsonNode stats = server.stats();
        assertThat(stats.get("authorizations").size()).isEqualTo(1);
        assertThat(grants(stats, "refresh_token")).isGreaterThan(refreshesBefore);
    }

    @Test
    void aCallThatNeedsMoreScopeOffersAStepUpThatWorks() throws Exception {
        server = oauth.start(OAuthServer.builder());
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
        return oauth.authorizedHub(dir);
    }

    private static int grants(JsonNode stats, String type) {
        return (int) StreamSupport.stream(stats.get("tokenRequests").spliterator(), false)
                .filter(request -> type.equals(request.get("grant_type").asString()))
                .count();
    }
}
