package dev.mcphub.upstream.oauth;

import dev.mcphub.config.ServerSpec;
import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hub's client identity at an authorization server: a client from the config's {@code oauth} entry, or
 * one registered dynamically (RFC 7591) with the reference's client metadata: a public client (no secret,
 * PKCE instead) that redirects to the hub's callback.
 */
final class ClientRegistration {
    static final String CLIENT_NAME = "MCP Hub";
    static final String CLIENT_URI = "https://github.com/ravitemer/mcp-hub";

    private final OAuthHttp http;

    ClientRegistration(OAuthHttp http) {
        this.http = http;
    }

    static RegisteredClient preRegistered(ServerSpec.OAuthSpec spec, AuthServer server, String redirectUri) {
        String secret = spec.clientSecret() == null || spec.clientSecret().isEmpty() ? null : spec.clientSecret();
        String method = secret == null ? "none" : server.secretMethod();
        return new RegisteredClient(spec.clientId(), secret, method, List.of(redirectUri), null, null);
    }

    RegisteredClient register(String serverName, AuthServer server, String redirectUri) {
        if (server.registrationEndpoint() == null) {
            throw failure(
                    serverName,
                    "the authorization server " + server.issuer() + " offers no dynamic client registration;"
                            + " register a client there and set oauth.clientId (and oauth.clientSecret) in the"
                            + " server's config entry");
        }
        OAuthHttp.Answer answer;
        try {
            answer = http.postJson(server.registrationEndpoint(), metadata(redirectUri));
        } catch (IOException e) {
            throw failure(
                    serverName,
                    "client registration at " + server.registrationEndpoint() + " failed ("
                            + e.getClass().getSimpleName() + ")");
        }
        RegisteredClient client = answer.ok() ? RegisteredClient.fromRegistration(answer.json()) : null;
        if (client == null) {
            String error = Json.string(answer.json(), "error");
            String description = Json.string(answer.json(), "error_description");
            throw failure(
                    serverName,
                    "client registration at " + server.registrationEndpoint() + " was refused (HTTP "
                            + answer.status() + (error == null ? "" : ", " + error)
                            + (description == null ? "" : ": " + description) + ")");
        }
        return client;
    }

    static ObjectNode metadata(String redirectUri) {
        ObjectNode metadata = Json.object();
        metadata.putArray("redirect_uris").add(redirectUri);
        metadata.put("token_endpoint_auth_method", "none");
        metadata.putArray("grant_types").add("authorization_code").add("refresh_token");
        metadata.putArray("response_types").add("code");
        metadata.put("client_name", CLIENT_NAME);
        metadata.put("client_uri", CLIENT_URI);
        return metadata;
    }

    private static HubException failure(String server, String why) {
        return new HubException(ErrorCode.OAUTH_ERROR, "Server '" + server + "': " + why, Map.of("server", server));
    }
}
