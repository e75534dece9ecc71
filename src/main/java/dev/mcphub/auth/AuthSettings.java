package dev.mcphub.auth;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the hub authenticates callers. OAuth is on when an issuer (or a JWKS or introspection URL) is named;
 * API keys are on when the key file exists, unless turned off.
 *
 * @param issuer the authorization server whose tokens the hub accepts ({@code iss}), or null
 * @param resource the hub's canonical resource URL (the audience tokens must carry, RFC 8707), or null for
 *     {@code http://<host>:<port>} once the port is bound
 * @param jwksUri where the issuer's signing keys are, or null to discover them from its metadata
 * @param introspectionUri the RFC 7662 endpoint for opaque tokens, or null to use the issuer's if it has one
 * @param introspectionClientId the hub's client id at the issuer, for introspection (from the environment)
 * @param introspectionClientSecret its secret (from the environment), never logged
 * @param keyFile where API key hashes are kept
 * @param apiKeys whether API keys are accepted when the key file exists
 * @param clockSkew the tolerance for {@code exp} and {@code nbf}
 * @param dashboardClientId the dashboard's public client at the issuer, or null to register one when it allows
 */
public record AuthSettings(
        URI issuer,
        URI resource,
        URI jwksUri,
        URI introspectionUri,
        String introspectionClientId,
        String introspectionClientSecret,
        Path keyFile,
        boolean apiKeys,
        Duration clockSkew,
        String dashboardClientId) {

    /** Whether OAuth access tokens are accepted. */
    public boolean oauth() {
        return issuer != null || jwksUri != null || introspectionUri != null;
    }

    /** Whether any authentication is configured, so that every door needs it. */
    public boolean enabled() {
        return oauth() || (apiKeys && java.nio.file.Files.exists(keyFile));
    }

    @Override
    public String toString() {
        // The record's own toString would print the secret.
        return "AuthSettings[issuer=" + issuer + ", resource=" + resource + ", jwksUri=" + jwksUri
                + ", introspectionUri=" + introspectionUri + ", keyFile=" + keyFile + ", apiKeys=" + apiKeys + "]";
    }
}
