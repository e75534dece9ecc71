package dev.mcphub.upstream.oauth;

import java.util.List;

/**
 * What a protected MCP server says of itself (RFC 9728), or what the hub assumes of a server that predates
 * it.
 *
 * @param resource the resource indicator to ask tokens for (RFC 8707)
 * @param authorizationServer the issuer of the authorization server the hub uses (the first one listed)
 * @param scopesSupported the scopes to ask for when the challenge names none
 * @param metadataUrl where the server published this, or null when it was assumed from the server's origin
 */
record ProtectedResource(
        String resource, String authorizationServer, List<String> scopesSupported, String metadataUrl) {
    ProtectedResource {
        scopesSupported = List.copyOf(scopesSupported);
    }

    boolean fromMetadata() {
        return metadataUrl != null;
    }
}
