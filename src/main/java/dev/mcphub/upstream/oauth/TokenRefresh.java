package dev.mcphub.upstream.oauth;

import dev.mcphub.error.HubException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one session's access token fresh: on a timer ahead of expiry while a connection is attached, and at
 * once when a request finds it due or rejected. A refusal ends the authorization; a failure that may pass
 * (the authorization server unreachable) is retried a few seconds later. Runs under the session's lock, and in a
 * cluster under the server URL's shared lock too: the first replica refreshes, the others find its new tokens in
 * the store and take them instead of spending the (rotating, single-use) refresh token a second time.
 */
final class TokenRefresh {
    private static final Logger log = LoggerFactory.getLogger(TokenRefresh.class);
    private static final Duration RETRY = Duration.ofSeconds(5);
    /** Longer than one refresh may take (the token endpoint's timeout is 30 s). */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(40);

    private final OAuthSession session;
    private final ScheduledExecutorService timers;
    private ScheduledFuture<?> timer;
    private String failure;
    private Instant blockedUntil = Instant.EPOCH;

    TokenRefresh(OAuthSession session, ScheduledExecutorService timers) {
        this.session = session;
        this.timers = timers;
    }

    /** Whether the token should be refreshed before it is used again. */
    boolean due(Tokens tokens, Instant now) {
        Instant at = tokens.refreshAt();
        return tokens.refreshToken() != null && at != null && !now.isBefore(at) && !now.isBefore(blockedUntil);
    }

    /** Why the last refresh failed for a reason that may pass, or null. */
    String failure() {
        return failure;
    }

    void reset() {
        failure = null;
        blockedUntil = Instant.EPOCH;
    }

    /** Refreshes now; true when a fresh token is in place. */
    boolean now(Tokens tokens) {
        if (tokens.refreshToken() == null || Instant.now().isBefore(blockedUntil)) {
            return false;
        }
        SharedCredentials shared = session.context().store().shared();
        if (!shared.enabled()) {
            return refresh(tokens);
        }
        try (SharedCredentials.Held held = shared.lock(session.url(), LOCK_WAIT)) {
            Tokens current = session.adoptStored(tokens);
            if (current != tokens && !due(current, Instant.now())) {
                reset();
                log.debug("{}: took the access token another replica refreshed", session.name());
                return true;
            }
            return refresh(current);
        }
    }

    private boolean refresh(Tokens tokens) {
        try {
            AuthorizationFlow flow = session.flow();
            AuthServer server = flow.authServer();
            RegisteredClient identity = flow.identity(server);
            if (identity == null) {
                session.refused(false);
                return false;
            }
            Tokens fresh =
                    session.context().tokenEndpoint().refresh(server, identity, tokens, flow.resourceIndicator());
            reset();
            session.context().refreshes().accept(true);
            session.refreshed(fresh);
            log.debug("{}: access token refreshed (valid until {})", session.name(), fresh.expiresAt());
            return true;
        } catch (OAuthFailure e) {
            session.context().refreshes().accept(false);
            if (!e.rejected()) {
                return retryLater(e.getMessage(), tokens);
            }
            log.warn(
                    "{}: the authorization server refused to refresh the access token ({}); the server needs"
                            + " authorization again",
                    session.name(),
                    e.getMessage());
            session.refused("invalid_client".equals(e.error()));
            return false;
        } catch (HubException e) {
            session.context().refreshes().accept(false);
            return retryLater(e.getMessage(), tokens);
        }
    }

    /** Sets the timer for the token's refresh time (or the retry time), while a connection is attached. */
    void schedule(Tokens tokens) {
        cancel();
        if (tokens == null || tokens.refreshToken() == null || tokens.refreshAt() == null || !session.attached()) {
            return;
        }
        Instant at = tokens.refreshAt().isAfter(blockedUntil) ? tokens.refreshAt() : blockedUntil;
        long delay = Math.max(0, Duration.between(Instant.now(), at).toMillis());
        try {
            timer = timers.schedule(
                    () -> Thread.ofVirtual()
                            .name("oauth-refresh-" + session.name())
                            .start(() -> fire(tokens)),
                    delay,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The hub is shutting down.
        }
    }

    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void fire(Tokens scheduledFor) {
        session.locked(() -> {
            if (session.tokens() == scheduledFor && session.attached()) {
                now(scheduledFor);
            }
            return null;
        });
    }

    private boolean retryLater(String why, Tokens tokens) {
        failure = why;
        blockedUntil = Instant.now().plus(RETRY);
        log.warn(
                "{}: could not refresh the access token ({}); trying again in {} s",
                session.name(),
                why,
                RETRY.toSeconds());
        schedule(tokens);
        return false;
    }
}
