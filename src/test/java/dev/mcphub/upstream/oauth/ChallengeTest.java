package dev.mcphub.upstream.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChallengeTest {

    @Test
    void readsTheParametersOfABearerChallenge() {
        Challenge challenge = Challenge.parse("Bearer error=\"invalid_token\", error_description=\"Missing header\","
                + " scope=\"mcp:read mcp:write\", resource_metadata=\"https://mcp.example/.well-known/x\"");

        assertThat(challenge)
                .isEqualTo(new Challenge(
                        "invalid_token", "Missing header", "mcp:read mcp:write", "https://mcp.example/.well-known/x"));
        assertThat(challenge.insufficientScope()).isFalse();
    }

    @Test
    void findsTheBearerChallengeAmongOthersAndKeepsQuotedCommas() {
        Challenge challenge = Challenge.parse(
                "Basic realm=\"a, Bearer b\", Bearer error=insufficient_scope, scope=\"x y\", DPoP algs=\"ES256\"");

        assertThat(challenge.error()).isEqualTo("insufficient_scope");
        assertThat(challenge.scope()).isEqualTo("x y");
        assertThat(challenge.insufficientScope()).isTrue();
    }

    @Test
    void unescapesQuotedValuesAndIgnoresTheSchemeCase() {
        Challenge challenge = Challenge.parse("bearer error_description=\"say \\\"no\\\"\"");

        assertThat(challenge.errorDescription()).isEqualTo("say \"no\"");
    }

    @Test
    void aHeaderWithoutBearerIsNoChallenge() {
        assertThat(Challenge.parse(null)).isEqualTo(Challenge.NONE);
        assertThat(Challenge.parse("Basic realm=\"x\"")).isEqualTo(Challenge.NONE);
        assertThat(Challenge.parse("Bearer realm=\"mcp\"").scope()).isNull();
    }
}
