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
    /** By resource, each subscribed session and the URI it subscribed with, to which updates are addressed. */
    private final Map<Key, Map<McpSession, String>> subscribers = new ConcurrentHashMap<>();

    Subscriptions(Hub hub) {
        this.hub = hub;
    }

    /**
     * Adds a subscriber that names the resource {@code clientUri}; returns true when the hub must subscribe at the
     * server (it is the first).
     */
    boolean add(Key key, McpSession session, String clientUri) {
        boolean[] first = new boolean[1];
        subscribers.compute(key, (k, sessions) -> {
            Map<McpSession, String> map = sessions == null ? new ConcurrentHashMap<>() : sessions;
            first[0] = map.isEmpty();
            map.put(session, clientUri);
            return map;
        });
        session.subscriptions.add(key.server() + "\n" + key.uri());
        session.subscribedAs.put(key.server() + "\n" + key.uri(), clientUri);
        return first[0];
    }

    /** Removes a subscriber; returns true when the hub must unsubscribe at the server (it was the last). */
    boolean remove(Key key, McpSession session) {
        boolean[] last = new boolean[1];
        subscribers.computeIfPresent(key, (k, sessions) -> {
            last[0] = sessions.remove(session) != null && sessions.isEmpty();
            return sessions.isEmpty() ? null : sessions;
        });
        session.subscriptions.remove(key.server() + "\n" + key.uri());
        session.subscribedAs.remove(key.server() + "\n" + key.uri());
        return last[0];
    }

    /** The sessions subscribed to a resource, each with the URI it subscribed with. */
    Map<McpSession, String> of(Key key) {
        return subscribers.getOrDefault(key, Map.of());
    }

    /** The resources of {@code server} that some session is subscribed to. */
    List<Key> keysOf(String server) {
        return subscribers.entrySet().stream()
                .filter(entry -> entry.getKey().server().equals(server)
                        && !entry.getValue().isEmpty())
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * In a cluster: takes up the subscriptions a session's shared record names (made on another replica, which
     * may have died), subscribing at this replica's server where no session here was subscribed yet, so that the
     * server's updates reach the client from here too; and drops those the record no longer names. The server is
     * told in the background: the request that brought the record is not kept waiting.
     */
    void adopt(McpSession session) {
        Map<String, String> wanted = Map.copyOf(session.subscribedAs);
        for (Map.Entry<String, String> entry : wanted.entrySet()) {
            Key key = key(entry.getKey());
            if (!of(key).containsKey(session) && add(key, session, entry.getValue())) {
                Thread.ofVirtual().start(() -> tellQuietly(key, "resources/subscribe"));
            }
        }
        for (String entry : Set.copyOf(session.subscriptions)) {
            if (!wanted.containsKey(entry)) {
                Key key = key(entry);
                if (remove(key, session)) {
                    Thread.ofVirtual().start(() -> tellQuietly(key, "resources/unsubscribe"));
                }
            }
        }
    }

    private static Key key(String entry) {
        int split = entry.indexOf('\n');
        return new Key(entry.substring(0, split), entry.substring(split + 1));
    }

    /** Forgets a closed session, unsubscribing at servers where it was the last subscriber. */
    void removeAll(McpSession session) {
        for (String entry : Set.copyOf(session.subscriptions)) {
            Key key = key(entry);
            if (remove(key, session)) {
                Thread.ofVirtual().start(() -> tellQuietly(key, "resources/unsubscribe"));
            }
        }
    }

    private void tellQuietly(Key key, String method) {
        try {
            hub.calls()
                    .request(
                            key.server(),
                            method,
                            Json.object().put("uri", key.uri()),
                            dev.mcphub.upstream.CallOptions.timeout(java.time.Duration.ofSeconds(10)));
        } catch (RuntimeException e) {
            // The server is gone or does not care; a reconnection subscribes again (Reconnections).
        }
    }
}
