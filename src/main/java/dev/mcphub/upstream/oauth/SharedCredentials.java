package dev.mcphub.upstream.oauth;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where replicas of one hub keep the OAuth credentials of each server URL together, and the lock that lets only
 * one of them refresh a token at a time: refresh tokens rotate, so a second refresh with the same one fails and
 * would end the authorization. {@link #NONE} (one hub) shares nothing and locks nothing; the token file is then
 * the only store. An implementation never throws: when its store does not answer, {@link #load} says null,
 * {@link #save} false and {@link #lock} lets the caller go on alone.
 */
public interface SharedCredentials {
    /** Whether credentials are shared at all (cluster mode). */
    boolean enabled();

    /** The entry of a server URL (JSON text in the token file's shape), or null when none is there or it is away. */
    @Nullable
    String load(String serverUrl);

    /** Replaces the entry of a server URL ({@code null}: removes it); false when the store did not take it. */
    boolean save(String serverUrl, @Nullable String entry);

    /** Stores the entry only when the store has none (after the store lost its contents); false otherwise. */
    boolean offer(String serverUrl, String entry);

    /**
     * Waits up to {@code wait} for the refresh lock of a server URL and returns it; the lock also ends by itself
     * after a while, should its holder die. When the lock cannot be had (held too long, store away) the caller
     * gets a handle that holds nothing and goes on alone.
     */
    Held lock(String serverUrl, Duration wait);

    /**
     * Keeps an authorization the user has yet to give (JSON text: the server, its URL, the PKCE verifier, the flow
     * and the client it was asked for) under its {@code state} for {@code ttl}, so that the browser's return may
     * reach any replica; true when stored. Nothing happens without a cluster or when the store is away.
     */
    default boolean pend(String state, String pending, Duration ttl) {
        return false;
    }

    /** Whether the store answered last time it was asked (a {@link #claim} that found nothing then means it). */
    default boolean reachable() {
        return enabled();
    }

    /**
     * Takes the pending authorization of a {@code state} and removes it (a state is used once, cluster-wide); null
     * when there is none, it expired, or the store is away.
     */
    default @Nullable String claim(String state) {
        return null;
    }

    /** A held lock; closing it releases it (only if still ours). */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    SharedCredentials NONE = new SharedCredentials() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public @Nullable String load(String serverUrl) {
            return null;
        }

        @Override
        public boolean save(String serverUrl, @Nullable String entry) {
            return false;
        }

        @Override
        public boolean offer(String serverUrl, String entry) {
            return false;
        }

        @Override
        public Held lock(String serverUrl, Duration wait) {
            return () -> {};
        }
    };
}
