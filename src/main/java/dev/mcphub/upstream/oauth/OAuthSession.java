package dev.mcphub.upstream.oauth;

import dev.mcphub.config.ServerSpec;
import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * One remote server's OAuth: its tokens and the authorization the user is asked for. The transports take
 * the {@code Authorization} header from here before each request, call {@link #renew} after a 401 and
 * {@link #stepUp} after a 403 {@code insufficient_scope}; the supervisor asks {@link #beginAuthorization}
 * for the link to show the user. While a connection is {@linkplain #attach attached}, tokens are refreshed
 * ahead of expiry; a refresh token the server refuses ends the authorization and tells the connections.
 * One lock guards everything; network calls under it are what makes a refresh happen once for many waiting
 * requests.
 */
public final class OAuthSession {
    private static final Logger log = LoggerFactory.getLogger(OAuthSession.class);

    private final String name;
    private final String url;
    private final ServerSpec.OAuthSpec preRegistered;
    private final OAuthContext context;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Runnable> revocationListeners = new CopyOnWriteArrayList<>();
    private final Credentials credentials;
    private final AuthorizationFlow flow;
    private final TokenRefresh refresh;
    private boolean revoked;

    OAuthSession(String name, String url, ServerSpec.OAuthSpec preRegistered, OAuthContext context) {
        this.name = name;
        this.url = url;
        this.preRegistered = preRegistered;
        this.context = context;
        this.credentials = Credentials.load(context.store(), url, preRegistered != null);
        this.flow = new AuthorizationFlow(name, URI.create(url), preRegistered, context, credentials);
        this.refresh = new TokenRefresh(this, context.timers());
    }

    /** The {@code Authorization} header for the next request, refreshed first when due; null without a token. */
    public String authorizationHeader() {
        return locked(() -> {
            Tokens tokens = credentials.tokens;
            if (tokens != null && refresh.due(tokens, Instant.now())) {
                refresh.now(tokens);
            }
            return currentHeader();
        });
    }

    /** The header of the token held now, without waiting for a refresh (for a request on the way out). */
    public String currentHeader() {
        Tokens held = credentials.tokens;
        return held == null ? null : held.header();
    }

    /**
     * After a 401 to a request that carried {@code rejectedHeader} (null: none): whether the request may be
     * sent once more with {@link #authorizationHeader()}, because another request renewed the token meanwhile
     * or a refresh just did.
     */
    public boolean renew(String rejectedHeader) {
        return locked(() -> {
            Tokens tokens = credentials.tokens;
            if (tokens == null) {
                return adoptAuthorization();
            }
            if (!tokens.header().equals(rejectedHeader) || refresh.now(tokens)) {
                return true;
            }
            if (credentials.tokens != null && refresh.failure() == null) {
                drop("the server rejected the access token and there is no way to refresh it");
            }
            return false;
        });
    }

    /**
     * The server answered 401 with {@code wwwAuthenticate} and the token could not be renewed: discovers the
     * authorization server, registers the hub when needed and returns the link for the user. Throws OAUTH_ERROR
     * when that fails, or when the token only could not be refreshed for now (the supervisor tries again).
     */
    public String beginAuthorization(String wwwAuthenticate) {
        Challenge challenge = Challenge.parse(wwwAuthenticate);
        return locked(() -> {
            if (credentials.tokens != null && refresh.failure() != null) {
                throw flow.failure(
                        "the access token was refused and could not be refreshed for now (" + refresh.failure() + ")");
            }
            if (credentials.tokens != null) {
                drop("the server rejected the access token");
            }
            return flow.begin(challenge);
        });
    }

    /**
     * After a 403 with {@code wwwAuthenticate}: when it is {@code insufficient_scope}, the link that asks for
     * the scopes held so far plus the ones the server wants; null for any other 403 or when no link can be made.
     */
    public String stepUp(String wwwAuthenticate) {
        Challenge challenge = Challenge.parse(wwwAuthenticate);
        if (!challenge.insufficientScope()) {
            return null;
        }
        try {
            return locked(() -> flow.stepUp(challenge));
        } catch (HubException e) {
            log.warn("{}: cannot ask for more permission: {}", name, e.getMessage());
            return null;
        }
    }

    /** The link of the authorization the user has yet to give, or null. */
    public String authorizationUrl() {
        return locked(() -> credentials.pending == null ? null : credentials.pending.authorizationUrl());
    }

    /**
     * Calls {@code onRevoked} when the authorization ends (a refresh token the server refuses), and keeps the
     * tokens fresh until the returned handle is closed.
     */
    public AutoCloseable attach(Runnable onRevoked) {
        locked(() -> {
            revocationListeners.add(onRevoked);
            refresh.schedule(credentials.tokens);
            return null;
        });
        return () -> locked(() -> {
            revocationListeners.remove(onRevoked);
            if (revocationListeners.isEmpty()) {
                refresh.cancel();
            }
            return null;
        });
    }

    // --- for OAuthClients ------------------------------------------------------------------------

    String name() {
        return name;
    }

    String url() {
        return url;
    }

    boolean configuredAs(String otherUrl, ServerSpec.OAuthSpec otherSpec) {
        return url.equals(otherUrl) && Objects.equals(preRegistered, otherSpec);
    }

    /** Whether the pending flow of {@code state} was put in the shared store (another replica may complete it). */
    boolean shares(String state) {
        return locked(
                () -> credentials.pending != null && credentials.pending.hasState(state) && credentials.pendingShared);
    }

    boolean awaits(String state) {
        return locked(() -> credentials.pending != null && credentials.pending.hasState(state));
    }

    /** Completes the pending flow whose state the response carries; the state is used up whatever happens. */
    void complete(AuthorizationResponse response) {
        locked(() -> {
            PendingFlow pending = credentials.pending;
            if (pending == null || !pending.hasState(response.state())) {
                throw OAuthClients.unknownState();
            }
            return finish(pending, response);
        });
    }

    /**
     * Completes a flow another replica started ({@code record}, from the shared store): with the client the user
     * was asked to authorize, since the code is bound to it.
     */
    void completeClaimed(AuthorizationResponse response, JsonNode record) {
        PendingFlow pending =
                PendingFlow.fromJson(record.get("pendingAuthorization"), Json.string(record, "codeVerifier"));
        if (pending == null || !pending.hasState(response.state())) {
            throw OAuthClients.unknownState();
        }
        locked(() -> {
            JsonNode info = record.get("clientInfo");
            if (info != null && info.isObject() && preRegistered == null) {
                credentials.client = RegisteredClient.fromRegistration(info);
            }
            return finish(pending, response);
        });
    }

    private Void finish(PendingFlow pending, AuthorizationResponse response) {
        credentials.pending = null;
        credentials.save();
        if (response.error() != null) {
            throw flow.failure("the authorization server answered " + response.error()
                    + (response.errorDescription() == null ? "" : ": " + response.errorDescription()));
        }
        if (response.code() == null) {
            throw new HubException(
                    ErrorCode.VALIDATION_ERROR,
                    "Server '" + name + "': the authorization response has no code",
                    Map.of("server", name, "field", "code"));
        }
        Tokens tokens = flow.exchange(pending, response.code());
        credentials.tokens = tokens;
        credentials.save();
        refresh.reset();
        refresh.schedule(tokens);
        return null;
    }

    void close() {
        locked(() -> {
            refresh.cancel();
            return null;
        });
    }

    // --- for TokenRefresh (under the lock) -------------------------------------------------------

    AuthorizationFlow flow() {
        return flow;
    }

    OAuthContext context() {
        return context;
    }

    Tokens tokens() {
        return credentials.tokens;
    }

    boolean attached() {
        return !revocationListeners.isEmpty();
    }

    /**
     * The tokens another replica stored since this one read them (it refreshed them), now this replica's too; the
     * ones held when the store has nothing newer.
     */
    Tokens adoptStored(Tokens held) {
        Tokens stored = credentials.takeStored(preRegistered != null);
        if (stored == null || stored.accessToken().equals(held.accessToken())) {
            return held;
        }
        refresh.schedule(stored);
        return stored;
    }

    void refreshed(Tokens fresh) {
        credentials.tokens = fresh;
        credentials.save();
        refresh.schedule(fresh);
    }

    /** The server refused the refresh token (or the client): authorization is needed again. */
    void refused(boolean clientRefused) {
        if (clientRefused) {
            credentials.client = null;
        }
        drop("the authorization server refused the refresh token");
        revoked = true;
    }

    /** In a cluster: whether another replica holds tokens the user gave it; they are this replica's now. */
    private boolean adoptAuthorization() {
        if (!context.store().shared().enabled()) {
            return false;
        }
        Tokens stored = credentials.takeStored(preRegistered != null);
        if (stored == null) {
            return false;
        }
        refresh.reset();
        refresh.schedule(stored);
        return true;
    }

    /** Runs {@code body} under the lock; connections hear of a revocation after it is released. */
    <T> T locked(Supplier<T> body) {
        boolean tell;
        lock.lock();
        try {
            return body.get();
        } finally {
            tell = revoked && lock.getHoldCount() == 1;
            if (tell) {
                revoked = false;
            }
            lock.unlock();
            if (tell) {
                revocationListeners.forEach(Runnable::run);
            }
        }
    }

    private void drop(String why) {
        log.debug("{}: dropping the OAuth tokens: {}", name, why);
        credentials.tokens = null;
        refresh.cancel();
        credentials.save();
    }
}
