package dev.mcphub.upstream.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class DiscoveryTest {

    @Test
    void anIssuerWithoutPathIsLookedUpAtTheRootOAuthThenOpenIdUrls() {
        assertThat(Discovery.metadataUrls(URI.create("https://auth.example.com")))
                .containsExactly(
                        URI.create("https://auth.example.com/.well-known/oauth-authorization-server"),
                        URI.create("https://auth.example.com/.well-known/openid-configuration"));
    }

    @Test
    void anIssuerWithAPathIsLookedUpWithPathInsertionThenAppending() {
        assertThat(Discovery.metadataUrls(URI.create("https://auth.example.com/tenant1/")))
                .containsExactly(
                        URI.create("https://auth.example.com/.well-known/oauth-authorization-server/tenant1"),
                        URI.create("https://auth.example.com/.well-known/openid-configuration/tenant1"),
                        URI.create("https://auth.example.com/tenant1/.well-known/openid-configuration"));
    }

    @Test
    void aResourceCoversItsOwnPathAndWhatIsBelow() {
        URI server = URI.create("https://mcp.example.com/api/mcp");

        assertThat(Discovery.covers(URI.create("https://mcp.example.com/api/mcp"), server))
                .isTrue();
        assertThat(Discovery.covers(URI.create("https://MCP.example.com/api/"), server))
                .isTrue();
        assertThat(Discovery.covers(URI.create("https://mcp.example.com/"), server))
                .isTrue();
        assertThat(Discovery.covers(URI.create("https://mcp.example.com/ap"), server))
                .isFalse();
        assertThat(Discovery.covers(URI.create("https://evil.example.com/api/mcp"), server))
                .isFalse();
        assertThat(Discovery.covers(URI.create("http://mcp.example.com/api/mcp"), server))
                .isFalse();
    }

    @Test
    void theCanonicalResourceDropsTheFragmentAndLowersSchemeAndHost() {
        assertThat(Discovery.canonical(URI.create("HTTPS://MCP.Example.com:8443/Mcp#part")))
                .isEqualTo("https://mcp.example.com:8443/Mcp");
    }
}
