package dev.mcphub.upstream.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopesTest {
    private static final AuthServer PLAIN = server(List.of("a", "b"));

    @Test
    void theChallengeScopeComesFirst() {
        assertThat(Scopes.initial(challenge("a"), resource(List.of("a", "b", "c")), PLAIN, List.of()))
                .isEqualTo("a");
    }

    @Test
    void withoutAChallengeScopeEveryScopeOfTheResourceIsAskedFor() {
        assertThat(Scopes.initial(Challenge.NONE, resource(List.of("a", "b")), PLAIN, List.of()))
                .isEqualTo("a b");
    }

    @Test
    void withNoScopeAnywhereNoneIsAskedFor() {
        assertThat(Scopes.initial(Challenge.NONE, resource(List.of()), PLAIN, List.of()))
                .isNull();
    }

    @Test
    void configuredScopesAndOfflineAccessAreAdded() {
        assertThat(Scopes.initial(challenge("a"), resource(List.of()), server(List.of("offline_access")), List.of("z")))
                .isEqualTo("a z offline_access");
    }

    @Test
    void aStepUpKeepsWhatWasHeldAndAddsWhatIsAsked() {
        assertThat(Scopes.stepUp("a b", challenge("b c"))).isEqualTo("a b c");
        assertThat(Scopes.stepUp(null, challenge("c"))).isEqualTo("c");
    }

    private static Challenge challenge(String scope) {
        return new Challenge("insufficient_scope", null, scope, null);
    }

    private static ProtectedResource resource(List<String> scopes) {
        return new ProtectedResource(
                "https://mcp.example/mcp", "https://as.example", scopes, "https://mcp.example/.well-known/x");
    }

    private static AuthServer server(List<String> scopes) {
        URI base = URI.create("https://as.example/");
        return new AuthServer("https://as.example/", base.resolve("/a"), base.resolve("/t"), null, scopes, List.of());
    }
}
