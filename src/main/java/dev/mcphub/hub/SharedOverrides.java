package dev.mcphub.hub;

import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Where replicas of one hub keep the API's enable/disable overrides together, so that a server disabled through
 * one replica's REST API is disabled on all of them. {@link #NONE} (one hub) shares nothing: the overrides file
 * is then the only store. An implementation never throws; with its store away each replica keeps its own.
 */
public interface SharedOverrides {
    /** Every shared override, server name to {@code "enabled"} or {@code "disabled"}; empty when none or away. */
    Map<String, String> all();

    /** Records a server's override ({@code null}: none) and tells the other replicas. */
    void put(String server, @Nullable String value);

    /** Records a server's override only when the store has none for it (it came back empty). */
    void offer(String server, String value);

    /** Who hears another replica's change (server, override or null); set before the hub begins. */
    void onChange(BiConsumer<String, @Nullable String> listener);

    /** Who is told that the store answers again after it did not (it may have lost or gained overrides meanwhile). */
    default void onReconnect(Runnable listener) {}

    SharedOverrides NONE = new SharedOverrides() {
        @Override
        public Map<String, String> all() {
            return Map.of();
        }

        @Override
        public void put(String server, @Nullable String value) {}

        @Override
        public void offer(String server, String value) {}

        @Override
        public void onChange(BiConsumer<String, @Nullable String> listener) {}
    };
}
