package dev.mcphub.upstream.oauth;

import dev.mcphub.json.Json;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The hub's identity at one authorization server: registered dynamically (then {@code info} is the
 * registration response, kept as the reference's {@code clientInfo}) or pre-registered in the config (then
 * {@code info} is null and nothing of it is stored).
 *
 * @param authMethod none, client_secret_basic or client_secret_post
 * @param secretExpiresAt when the secret expires, or null for never
 */
record RegisteredClient(
        String clientId,
        String clientSecret,
        String authMethod,
        List<String> redirectUris,
        Instant secretExpiresAt,
        JsonNode info) {
    RegisteredClient {
        redirectUris = List.copyOf(redirectUris);
    }

    static RegisteredClient fromRegistration(JsonNode info) {
        String id = Json.string(info, "client_id");
        if (id == null || id.isEmpty()) {
            return null;
        }
        String secret = Json.string(info, "client_secret");
        String method = Json.string(info, "token_endpoint_auth_method");
        if (method == null) {
            method = secret == null ? "none" : "client_secret_basic"; // RFC 7591's default
        }
        JsonNode expires = info.get("client_secret_expires_at");
        Instant expiresAt = expires != null && expires.canConvertToLong() && expires.asLong() > 0
                ? Instant.ofEpochSecond(expires.asLong())
                : null;
        List<String> uris = Json.elements(info.get("redirect_uris")).stream()
                .filter(JsonNode::isString)
                .map(JsonNode::asString)
                .toList();
        return new RegisteredClient(id, secret, method, uris, expiresAt, info);
    }

    /** Whether this registration can serve a flow that redirects to {@code redirectUri} now. */
    boolean usableFor(String redirectUri, Instant now) {
        boolean redirectOk = info == null || redirectUris.contains(redirectUri);
        return redirectOk && (secretExpiresAt == null || secretExpiresAt.isAfter(now));
    }

    /** The client's credentials for HTTP Basic, or null when it does not use Basic. */
    String[] basicAuth() {
        return "client_secret_basic".equals(authMethod) && clientSecret != null
                ? new String[] {clientId, clientSecret}
                : null;
    }

    /** Whether the secret goes in the form body (client_secret_post). */
    boolean secretInForm() {
        return "client_secret_post".equals(authMethod) && clientSecret != null;
    }

    @Override
    public String toString() {
        return "RegisteredClient[" + clientId + ", " + authMethod + "]";
    }
}
