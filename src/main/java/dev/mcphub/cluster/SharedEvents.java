package dev.mcphub.cluster;

/**
 * One event history for the cluster: each replica appends the events it renders and hears the others', with ids
 * that mean the same on every replica (so a {@code Last-Event-ID} works wherever the client reconnects). {@link
 * #LOCAL} (no cluster) appends nothing: the stream numbers its own events as it always did.
 */
public interface SharedEvents {
    boolean enabled();

    String replica();

    /** Appends an event (its SSE name and JSON payload); its cluster-wide id, or -1 when Redis did not take it. */
    long append(String name, String payload);

    /** Starts hearing events: first the recent history (oldest first), then each other replica's as it comes. */
    void start(Listener listener);

    /** Stops hearing events. */
    default void stop() {}

    /** Hears events; {@code history} ones happened before this replica listened, for replay only. */
    interface Listener {
        void event(long id, String replica, String name, String payload, boolean history);
    }

    SharedEvents LOCAL = new SharedEvents() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public String replica() {
            return "local";
        }

        @Override
        public long append(String name, String payload) {
            return -1;
        }

        @Override
        public void start(Listener listener) {}
    };
}
