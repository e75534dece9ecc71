package dev.mcphub.upstream.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.json.Json;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokensTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void anHourLongTokenIsRefreshedAtEightyPercent() {
        assertThat(lifetime(3600).refreshAt()).isEqualTo(NOW.plusSeconds(2880));
    }

    @Test
    void aTwoMinuteTokenIsRefreshedAMinuteBeforeExpiry() {
        assertThat(lifetime(120).refreshAt()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void aTokenOfSecondsIsRefreshedHalfWay() {
        assertThat(lifetime(3).refreshAt()).isEqualTo(NOW.plusMillis(1500));
    }

    @Test
    void aRefreshAnswerWithoutRefreshTokenOrScopeKeepsThePreviousOnes() {
        Tokens previous = lifetime(60);
        Tokens fresh = Tokens.fromResponse(
                Json.parse("{\"access_token\":\"b\",\"token_type\":\"bearer\",\"expires_in\":60}"), NOW, previous);

        assertThat(fresh.refreshToken()).isEqualTo("r");
        assertThat(fresh.scope()).isEqualTo("mcp:read");
        assertThat(fresh.header()).isEqualTo("Bearer b");
    }

    @Test
    void aResponseWithoutABearerTokenIsRefused() {
        assertThat(Tokens.fromResponse(Json.parse("{\"access_token\":\"a\",\"token_type\":\"mac\"}"), NOW, null))
                .isNull();
        assertThat(Tokens.fromResponse(Json.parse("{\"token_type\":\"Bearer\"}"), NOW, null))
                .isNull();
    }

    @Test
    void storedTokensReadBackTheSameAndPrintNoSecret() {
        Tokens tokens = lifetime(300);

        assertThat(Tokens.fromJson(tokens.toJson())).isEqualTo(tokens);
        assertThat(tokens.toString()).doesNotContain("secret-access").doesNotContain("\"r\"");
        assertThat(tokens.expiresWithin(Duration.ofSeconds(300), NOW)).isTrue();
        assertThat(tokens.expiresWithin(Duration.ofSeconds(299), NOW)).isFalse();
    }

    private static Tokens lifetime(long seconds) {
        return new Tokens("secret-access", "Bearer", "r", "mcp:read", NOW, NOW.plusSeconds(seconds));
    }
}
