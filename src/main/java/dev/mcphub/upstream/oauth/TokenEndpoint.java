package dev.mcphub.upstream.oauth;

import dev.mcphub.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The token endpoint: a code for tokens (with the PKCE verifier), a refresh token for fresh ones. */
final class TokenEndpoint {
    private final OAuthHttp http;

    TokenEndpoint(OAuthHttp http) {
        this.http = http;
    }

    Tokens exchange(AuthServer server, RegisteredClient client, PendingFlow flow, String code) throws OAuthFailure {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", flow.redirectUri());
        form.put("code_verifier", flow.codeVerifier());
        form.put("resource", flow.resource());
        return request(server, client, form, null);
    }

    /** Refreshes without a scope: the grant keeps what the user consented to (RFC 6749 §6). */
    Tokens refresh(AuthServer server, RegisteredClient client, Tokens tokens, String resource) throws OAuthFailure {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", tokens.refreshToken());
        form.put("resource", resource);
        return request(server, client, form, tokens);
    }

    private Tokens request(AuthServer server, RegisteredClient client, Map<String, String> form, Tokens previous)
            throws OAuthFailure {
        if (client.basicAuth() == null) {
            form.put("client_id", client.clientId());
        }
        if (client.secretInForm()) {
            form.put("client_secret", client.clientSecret());
        }
        OAuthHttp.Answer answer;
        try {
            answer = http.postForm(server.tokenEndpoint(), form, client.basicAuth());
        } catch (IOException e) {
            throw OAuthFailure.unreachable("the token endpoint " + server.tokenEndpoint() + " could not be reached ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (!answer.ok()) {
            throw OAuthFailure.answered(
                    answer.status(),
                    Json.string(answer.json(), "error"),
                    Json.string(answer.json(), "error_description"));
        }
        Tokens tokens = Tokens.fromResponse(answer.json(), Instant.now(), previous);
        if (tokens == null) {
            throw OAuthFailure.unreachable("the token endpoint answered without a bearer access token");
        }
        return tokens;
    }
}
