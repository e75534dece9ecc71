package dev.mcphub.upstream.oauth;

import java.net.URI;
import java.util.List;

/**
 * What the hub uses of an authorization server's metadata (RFC 8414).
 *
 * @param registrationEndpoint where clients register themselves (RFC 7591), or null when it offers none
 * @param scopesSupported the scopes it knows, for {@code offline_access}
 * @param authMethods the token endpoint's client authentication methods; empty when it did not say
 */
record AuthServer(
        String issuer,
        URI authorizationEndpoint,
        URI tokenEndpoint,
        URI registrationEndpoint,
        List<String> scopesSupported,
        List<String> authMethods) {
    AuthServer {
        scopesSupported = List.copyOf(scopesSupported);
        authMethods = List.copyOf(authMethods);
    }

    /** How a client holding a secret authenticates: Basic unless the server only takes the secret in the form. */
    String secretMethod() {
        if (authMethods.isEmpty() || authMethods.contains("client_secret_basic")) {
            return "client_secret_basic"; // RFC 8414's default when the field is absent
        }
        return authMethods.contains("client_secret_post") ? "client_secret_post" : "client_secret_basic";
    }
}
