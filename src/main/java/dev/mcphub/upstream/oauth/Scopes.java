package dev.mcphub.upstream.oauth;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which scopes to ask for, by the MCP spec's selection strategy: the challenge's {@code scope} first, else
 * everything the resource lists in {@code scopes_supported}, else none at all (the parameter is left out);
 * the config's own scopes are added, and {@code offline_access} when the authorization server offers it (so
 * that it issues a refresh token). A step-up asks for what was asked before plus what the new challenge names.
 */
final class Scopes {
    private Scopes() {}

    static String initial(Challenge challenge, ProtectedResource resource, AuthServer server, List<String> configured) {
        Set<String> scopes = new LinkedHashSet<>();
        if (challenge.scope() != null && !challenge.scope().isBlank()) {
            scopes.addAll(split(challenge.scope()));
        } else {
            scopes.addAll(resource.scopesSupported());
        }
        scopes.addAll(configured);
        if (server.scopesSupported().contains("offline_access") && !scopes.isEmpty()) {
            scopes.add("offline_access");
        }
        return join(scopes);
    }

    static String stepUp(String previous, Challenge challenge) {
        Set<String> scopes = new LinkedHashSet<>(split(previous));
        scopes.addAll(split(challenge.scope()));
        return join(scopes);
    }

    static List<String> split(String scope) {
        if (scope == null || scope.isBlank()) {
            return List.of();
        }
        return Arrays.stream(scope.strip().split("\\s+")).toList();
    }

    private static String join(Collection<String> scopes) {
        return scopes.isEmpty() ? null : String.join(" ", scopes);
    }
}
