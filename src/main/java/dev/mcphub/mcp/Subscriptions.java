package dev.mcphub.mcp;

import dev.mcphub.hub.Hub;
import dev.mcphub.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resource subscriptions of all sessions, counted per server and URI: the first session to subscribe
 * subscribes the hub at the server, the last to leave unsubscribes it, so a server sees one subscriber.
 */
final class Subscriptions {
    /** A server's resource, by its own URI. */
    record Key(String server, String uri) {}

    private final Hub hub;
    private final Map<Key, Set<McpSession>> subscribers = new ConcurrentHashMap<>();

    Subscriptions(Hub hub) {
        this.hub = hub;
    }

    /** Adds a subscriber; returns true when the hub must subscribe at the server (it is the first). */
    boolean add(Key key, McpSession session) {
        boolean[] first = new boolean[1];
        subscribers.compute(key, (k, sessions) -> {
            Set<McpSession> set = sessions == null ? ConcurrentHashMap.newKeySet() : sessions;
            first[0] = set.isEmpty();
            set.add(session);
            return set;
        });
        session.subscriptions.add(key.server() + "\n" + key.uri());
        return first[0];
    }

    /** Removes a subscriber; returns true when the hub must unsubscribe at the server (it was the last). */
    boolean remove(Key key, McpSession session) {
        boolean[] last = new boolean[1];
        subscribers.computeIfPresent(key, (k, sessions) -> {
            last[0] = sessions.remove(session) && sessions.isEmpty();
            return sessions.isEmpty() ? null : sessions;
        });
        session.subscriptions.remove(key.server() + "\n" + key.uri());
        return last[0];
    }

    Set<McpSession> of(Key key) {
        return subscribers.getOrDefault(key, Set.of());
    }

    /** The resources of {@code server} that some session is subscribed to. */
    List<Key> keysOf(String server) {
        return subscribers.entrySet().stream()
                .filter(entry -> entry.getKey().server().equals(server)
                        && !entry.getValue().isEmpty())
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Forgets a closed session, unsubscribing at servers where it was the last subscriber. */
    void removeAll(McpSession session) {
        for (String entry : Set.copyOf(session.subscriptions)) {
            int split = entry.indexOf('\n');
            Key key = new Key(entry.substring(0, split), entry.substring(split + 1));
            if (remove(key, session)) {
                Thread.ofVirtual().start(() -> unsubscribeQuietly(key));
            }
        }
    }

    private void unsubscribeQuietly(Key key) {
        try {
            hub.calls()
                    .request(
                            key.server(),
                            "resources/unsubscribe",
                            Json.object().put("uri", key.uri()),
                            dev.mcphub.upstream.CallOptions.timeout(java.time.Duration.ofSeconds(10)));
        } catch (RuntimeException e) {
            // The server is gone or does not care; nothing is left to release.
        }
    }
}
