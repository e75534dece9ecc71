package dev.mcphub.upstream.oauth;

import dev.mcphub.config.ServerSpec;
import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The hub's OAuth client for all remote servers: one {@link OAuthSession} per server, the token file they
 * share, and the completion of an authorization when the user's browser comes back to the hub's callback
 * (or the user pastes the redirect URL). The constructor does no I/O; {@link #start()} reads the token file.
 */
public final class OAuthClients implements AutoCloseable {
    private final OAuthStore store;
    private final OAuthHttp http;
    private final ScheduledExecutorService timers;
    private final OAuthContext context;
    private final Map<String, OAuthSession> sessions = new ConcurrentHashMap<>();

    /**
     * @param storageFile {@code oauth-storage.json} in the hub's data directory
     * @param hubBase the hub's own base URL as the user's browser reaches it ({@code http://localhost:<port>}),
     *     asked for when a redirect URI is made, so that a port chosen at bind time is known by then
     * @param timeout for each request to an authorization server
     */
    public OAuthClients(Path storageFile, Supplier<URI> hubBase, Duration timeout) {
        this(storageFile, hubBase, timeout, refreshed -> {});
    }

    /** @param refreshes hears each token refresh: true when it worked, false when it failed (metrics) */
    public OAuthClients(
            Path storageFile, Supplier<URI> hubBase, Duration timeout, java.util.function.Consumer<Boolean> refreshes) {
        this(storageFile, hubBase, timeout, refreshes, SharedCredentials.NONE);
    }

    /** @param shared where replicas of a cluster share credentials and refresh locks ({@code NONE}: one hub) */
    public OAuthClients(
            Path storageFile,
            Supplier<URI> hubBase,
            Duration timeout,
            java.util.function.Consumer<Boolean> refreshes,
            SharedCredentials shared) {
        this.store = new OAuthStore(storageFile, shared);
        this.http = new OAuthHttp(timeout);
        this.timers = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("oauth-timers").factory());
        this.context = new OAuthContext(
                store,
                new Discovery(http),
                new ClientRegistration(http),
                new TokenEndpoint(http),
                timers,
                hubBase,
                refreshes);
    }

    public void start() {
        store.load();
    }

    /**
     * Offers what this replica holds to the shared store wherever it has nothing (it came back empty); nothing
     * without a cluster.
     */
    public void reconcile() {
        store.reconcile();
    }

    /** The session of a server, kept while its URL and pre-registered client stay the same. */
    public OAuthSession session(String server, String url, ServerSpec.OAuthSpec preRegistered) {
        return sessions.compute(server, (name, existing) -> {
            if (existing != null && existing.configuredAs(url, preRegistered)) {
                return existing;
            }
            if (existing != null) {
                existing.close();
            }
            return new OAuthSession(name, url, preRegistered, context);
        });
    }

    /** The link of the authorization a server waits for, or null. */
    public String authorizationUrl(String server) {
        OAuthSession session = sessions.get(server);
        return session == null ? null : session.authorizationUrl();
    }

    /**
     * Completes an authorization from the response the browser brought back: checks the state (known, bound
     * to the server the redirect names, not used before), then trades the code for tokens. Returns the
     * server's name. Throws VALIDATION_ERROR for a response that belongs to no pending authorization, and
     * OAUTH_ERROR (with the server in its data) when the authorization failed.
     */
    public String complete(AuthorizationResponse response) {
        if (response.state() == null) {
            throw new HubException(
                    ErrorCode.VALIDATION_ERROR,
                    "The authorization response has no state; start again from the server's authorization link",
                    Map.of("field", "state"));
        }
        OAuthSession session = sessions.values().stream()
                .filter(candidate -> candidate.awaits(response.state()))
                .findFirst()
                .orElse(null);
        // In a cluster the state is used up everywhere, whichever replica the browser came back to.
        SharedCredentials shared = store.shared();
        String claimed = shared.enabled() ? shared.claim(response.state()) : null;
        if (session != null && claimed == null && shared.reachable() && session.shares(response.state())) {
            throw unknownState(); // Another replica completed it (or it expired there); Redis away: go on alone.
        }
        if (session != null) {
            sameServer(response, session);
            session.complete(response);
            return session.name();
        }
        JsonNode record = claimed == null ? null : Json.parse(claimed);
        OAuthSession started = record == null ? null : sessions.get(Json.string(record, "server"));
        if (started == null || !started.url().equals(Json.string(record, "url"))) {
            throw unknownState(); // Unknown, used, expired, or for a server this replica does not run.
        }
        sameServer(response, started);
        started.completeClaimed(response, record);
        return started.name();
    }

    private static void sameServer(AuthorizationResponse response, OAuthSession session) {
        if (response.serverName() != null && !response.serverName().equals(session.name())) {
            throw new HubException(
                    ErrorCode.VALIDATION_ERROR,
                    "The authorization response names server '" + response.serverName()
                            + "' but its state belongs to another server",
                    Map.of("field", "server_name"));
        }
    }

    static HubException unknownState() {
        return new HubException(
                ErrorCode.VALIDATION_ERROR,
                "The authorization response's state is unknown or was already used; start again from the server's"
                        + " authorization link",
                Map.of("field", "state"));
    }

    @Override
    public void close() {
        sessions.values().forEach(OAuthSession::close);
        timers.shutdownNow();
        http.close();
    }
}
