package dev.mcphub.upstream.oauth;

import dev.mcphub.config.ServerSpec;
import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The authorization-code flow for one server: discovery (cached until a new challenge), the client identity,
 * the link for the user (kept while nothing about it changes, so a link already open stays valid), and the
 * code exchange. Runs under the owning session's lock.
 */
final class AuthorizationFlow {
    private static final Logger log = LoggerFactory.getLogger(OAuthSession.class);

    /** How long another replica may complete an authorization this one started. */
    static final Duration PENDING_TTL = Duration.ofMinutes(10);

    private final String name;
    private final URI serverUrl;
    private final ServerSpec.OAuthSpec preRegistered;
    private final OAuthContext context;
    private final Credentials credentials;
    private ProtectedResource resource;
    private AuthServer authServer;

    AuthorizationFlow(
            String name,
            URI serverUrl,
            ServerSpec.OAuthSpec preRegistered,
            OAuthContext context,
            Credentials credentials) {
        this.name = name;
        this.serverUrl = serverUrl;
        this.preRegistered = preRegistered;
        this.context = context;
        this.credentials = credentials;
    }

    /** Discovers again (a fresh challenge may point elsewhere) and returns the link for the user. */
    String begin(Challenge challenge) {
        AuthServer server = discover(challenge);
        List<String> configured = preRegistered == null ? List.of() : preRegistered.scopes();
        return link(server, Scopes.initial(challenge, resource, server, configured));
    }

    /** The link that asks for the scopes held so far plus the ones the challenge names. */
    String stepUp(Challenge challenge) {
        AuthServer server = authServer != null ? authServer : discover(challenge);
        Tokens tokens = credentials.tokens;
        String held = tokens != null && tokens.scope() != null
                ? tokens.scope()
                : credentials.pending != null ? credentials.pending.scope() : null;
        String scope = Scopes.stepUp(held, challenge);
        log.info("{}: the server asks for more permission (scope \"{}\"); authorize again to grant it", name, scope);
        return link(server, scope);
    }

    /** Trades the code of a completed flow for tokens. */
    Tokens exchange(PendingFlow flow, String code) {
        AuthServer server = authServer();
        RegisteredClient identity = identity(server);
        if (identity == null) {
            throw failure("the hub's client registration is gone; start the authorization again");
        }
        try {
            Tokens tokens = context.tokenEndpoint().exchange(server, identity, flow, code);
            log.info(
                    "{}: authorized by {}{}",
                    name,
                    server.issuer(),
                    tokens.scope() == null ? "" : " (scope \"" + tokens.scope() + "\")");
            return tokens;
        } catch (OAuthFailure e) {
            if ("invalid_client".equals(e.error()) && preRegistered == null) {
                credentials.client = null;
                credentials.save();
            }
            throw failure("the token request failed: " + e.getMessage());
        }
    }

    AuthServer authServer() {
        return authServer != null ? authServer : discover(Challenge.NONE);
    }

    /** The client to authenticate as: the configured one, else the registered one (null when there is none). */
    RegisteredClient identity(AuthServer server) {
        return preRegistered != null
                ? ClientRegistration.preRegistered(preRegistered, server, context.redirectUri(name))
                : credentials.client;
    }

    String resourceIndicator() {
        return resource.resource();
    }

    HubException failure(String why) {
        return new HubException(ErrorCode.OAUTH_ERROR, "Server '" + name + "': " + why, Map.of("server", name));
    }

    private AuthServer discover(Challenge challenge) {
        Challenge known = challenge.resourceMetadata() == null && credentials.resourceMetadata != null
                ? new Challenge(challenge.error(), null, challenge.scope(), credentials.resourceMetadata)
                : challenge;
        resource = context.discovery().resource(name, serverUrl, known);
        authServer = context.discovery().authServer(name, resource.authorizationServer(), resource.fromMetadata());
        credentials.issuer(authServer.issuer());
        credentials.resourceMetadata = resource.metadataUrl();
        return authServer;
    }

    private String link(AuthServer server, String scope) {
        String redirect = context.redirectUri(name);
        boolean newClient = ensureClient(server, redirect);
        PendingFlow pending = credentials.pending;
        if (!newClient
                && pending != null
                && pending.redirectUri().equals(redirect)
                && Objects.equals(pending.scope(), scope)
                && server.issuer().equals(pending.issuer())
                && resource.resource().equals(pending.resource())) {
            share(pending); // Its time in the shared store starts again: the user was shown the link again.
            return pending.authorizationUrl();
        }
        credentials.pending = PendingFlow.start(server, identity(server), redirect, scope, resource.resource());
        credentials.save();
        share(credentials.pending);
        return credentials.pending.authorizationUrl();
    }

    /**
     * In a cluster, the pending flow goes to the shared store under its state, with the client it names: the
     * browser's return may reach another replica, which then completes it as this one would.
     */
    private void share(PendingFlow pending) {
        SharedCredentials shared = context.store().shared();
        if (!shared.enabled()) {
            return;
        }
        ObjectNode record = Json.object();
        record.put("server", name);
        record.put("url", serverUrl.toString());
        record.put("codeVerifier", pending.codeVerifier());
        record.set("pendingAuthorization", pending.toJson());
        RegisteredClient client = credentials.client;
        if (preRegistered == null && client != null && client.info() != null) {
            record.set("clientInfo", client.info());
        }
        credentials.pendingShared = shared.pend(pending.state(), Json.text(record), PENDING_TTL);
    }

    /** Makes sure there is a client for this flow; true when it had to be registered now. */
    private boolean ensureClient(AuthServer server, String redirect) {
        RegisteredClient client = credentials.client;
        if (preRegistered != null || (client != null && client.usableFor(redirect, Instant.now()))) {
            return false;
        }
        credentials.client = context.registration().register(name, server, redirect);
        log.info("{}: registered the hub as an OAuth client of {}", name, server.issuer());
        credentials.save();
        return true;
    }
}
