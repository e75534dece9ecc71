package dev.mcphub.upstream.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PendingFlowTest {
    private static final AuthServer SERVER = new AuthServer(
            "https://as.example/",
            URI.create("https://as.example/authorize?tenant=1"),
            URI.create("https://as.example/token"),
            null,
            List.of(),
            List.of());
    private static final RegisteredClient CLIENT =
            new RegisteredClient("client-1", null, "none", List.of("http://localhost:1/cb"), null, null);

    @Test
    void theChallengeIsTheBase64UrlSha256OfTheVerifier() {
        // Computed independently (Python hashlib).
        assertThat(PendingFlow.challenge("dBjftJeZ4CVP-mJ92K9D8f2wvjYUBkSJ0Oro8NSS4l0"))
                .isEqualTo("-2N8LQDZlOGsPbNoV2xfO2bcowri39CyiAvxlBLWpsk");
    }

    @Test
    void theLinkCarriesEverythingTheSpecAsksFor() {
        PendingFlow flow =
                PendingFlow.start(SERVER, CLIENT, "http://localhost:1/cb?server_name=x", "a b", "https://mcp/x");
        Map<String, String> query =
                AuthorizationResponse.query(URI.create(flow.authorizationUrl()).getRawQuery());

        assertThat(query)
                .containsEntry("tenant", "1")
                .containsEntry("response_type", "code")
                .containsEntry("client_id", "client-1")
                .containsEntry("redirect_uri", "http://localhost:1/cb?server_name=x")
                .containsEntry("code_challenge", PendingFlow.challenge(flow.codeVerifier()))
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("state", flow.state())
                .containsEntry("scope", "a b")
                .containsEntry("resource", "https://mcp/x");
        assertThat(flow.codeVerifier()).hasSize(43).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void everyFlowHasItsOwnStateAndVerifierAndNoScopeWhenNoneIsAsked() {
        PendingFlow one = PendingFlow.start(SERVER, CLIENT, "http://localhost:1/cb", null, "https://mcp/x");
        PendingFlow two = PendingFlow.start(SERVER, CLIENT, "http://localhost:1/cb", null, "https://mcp/x");

        assertThat(one.state()).isNotEqualTo(two.state());
        assertThat(one.codeVerifier()).isNotEqualTo(two.codeVerifier());
        assertThat(one.authorizationUrl()).doesNotContain("scope=");
        assertThat(one.hasState(one.state())).isTrue();
        assertThat(one.hasState(two.state())).isFalse();
        assertThat(one.hasState(null)).isFalse();
    }

    @Test
    void aStoredFlowReadsBackTheSame() {
        PendingFlow flow = PendingFlow.start(SERVER, CLIENT, "http://localhost:1/cb", "a", "https://mcp/x");

        assertThat(PendingFlow.fromJson(flow.toJson(), flow.codeVerifier())).isEqualTo(flow);
    }
}
