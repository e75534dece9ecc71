package dev.mcphub.cluster;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where sessions live beyond one replica. {@link #LOCAL} (no cluster) keeps nothing and delivers nothing: a
 * session is then only what its replica holds, as it always was. The Redis implementation never throws: with
 * Redis unreachable each call does what it can locally (nothing) and the replica carries on alone.
 */
public interface SharedSessions {
    /** Whether sessions are shared at all (cluster mode). */
    boolean enabled();

    /** Whether Redis answered last time it was asked (always true without a cluster). */
    boolean reachable();

    /** This replica's name, unique in the cluster. */
    String replica();

    /** Stores (or replaces) a session's record; its TTL starts again. */
    void save(SessionRecord session);

    /** The record of a session another replica opened, if it lives (and Redis answers). */
    Optional<SessionRecord> load(String id);

    /** Refreshes a session's TTL: it is in use. False when its record is gone (Redis lost it): save it again. */
    boolean refresh(String id);

    /**
     * Counts the interruptions of the push channel: it changes whenever this replica stops hearing pushes or starts
     * hearing them again. While it stays the same, every {@link Push.Kind#CHANGED} since then has been heard, so a
     * copy that heard of no newer version is current without reading the record.
     */
    long pushEpoch();

    void remove(String id);

    /** Sends a push to every other replica; false when it could not be sent. */
    boolean publish(Push push);

    /** Who hears pushes from other replicas; set before {@code start}. */
    void onPush(Consumer<Push> listener);

    /** Who is told that Redis answers again after it did not, so that the replica reconciles its state. */
    void onReconnect(Runnable listener);

    SharedSessions LOCAL = new SharedSessions() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public boolean reachable() {
            return true;
        }

        @Override
        public String replica() {
            return "local";
        }

        @Override
        public void save(SessionRecord session) {}

        @Override
        public Optional<SessionRecord> load(String id) {
            return Optional.empty();
        }

        @Override
        public boolean refresh(String id) {
            return true;
        }

        @Override
        public long pushEpoch() {
            return 0;
        }

        @Override
        public void remove(String id) {}

        @Override
        public boolean publish(Push push) {
            return false;
        }

        @Override
        public void onPush(Consumer<Push> listener) {}

        @Override
        public void onReconnect(Runnable listener) {}
    };
}
