package dev.mcphub.upstream.oauth;

import dev.mcphub.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An authorization the user has been asked for and not yet given: the {@code state} that binds the answer to
 * this server, the PKCE verifier, and what the token request must repeat (redirect URI, resource).
 *
 * @param scope the scope asked for, or null when none was
 */
record PendingFlow(
        String state,
        String codeVerifier,
        String redirectUri,
        String scope,
        String resource,
        String issuer,
        String authorizationUrl,
        Instant createdAt) {
    private static final SecureRandom RANDOM = new SecureRandom();

    static PendingFlow start(
            AuthServer server, RegisteredClient client, String redirectUri, String scope, String resource) {
        String verifier = random(32); // 43 characters, RFC 7636's minimum length and plenty of entropy
        String state = random(32);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", client.clientId());
        query.put("redirect_uri", redirectUri);
        query.put("state", state);
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        query.put("scope", scope);
        query.put("resource", resource);
        String endpoint = server.authorizationEndpoint().toString();
        String url = endpoint + (endpoint.contains("?") ? "&" : "?") + OAuthHttp.formBody(query);
        return new PendingFlow(state, verifier, redirectUri, scope, resource, server.issuer(), url, Instant.now());
    }

    /** Compares states in constant time: the state is the one secret of the redirect. */
    boolean hasState(String candidate) {
        return candidate != null
                && MessageDigest.isEqual(
                        state.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    /** Stored next to the reference's top-level {@code codeVerifier}, which holds the verifier. */
    ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("state", state);
        json.put("redirect_uri", redirectUri);
        json.put("scope", scope);
        json.put("resource", resource);
        json.put("issuer", issuer);
        json.put("authorization_url", authorizationUrl);
        json.put("created_at", createdAt.toString());
        return json;
    }

    static PendingFlow fromJson(JsonNode json, String codeVerifier) {
        if (json == null || !json.isObject() || codeVerifier == null || Json.string(json, "state") == null) {
            return null;
        }
        String created = Json.string(json, "created_at");
        return new PendingFlow(
                Json.string(json, "state"),
                codeVerifier,
                Json.string(json, "redirect_uri"),
                Json.string(json, "scope"),
                Json.string(json, "resource"),
                Json.string(json, "issuer"),
                Json.string(json, "authorization_url"),
                created == null ? Instant.EPOCH : Instant.parse(created));
    }

    @Override
    public String toString() {
        return "PendingFlow[issuer=" + issuer + ", scope=" + scope + "]";
    }
}
