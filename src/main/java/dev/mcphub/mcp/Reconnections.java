package dev.mcphub.mcp;

import dev.mcphub.error.HubException;
import dev.mcphub.hub.Hub;
import dev.mcphub.hub.HubSnapshot;
import dev.mcphub.hub.ServerView;
import dev.mcphub.json.Json;
import dev.mcphub.upstream.CallOptions;
import dev.mcphub.upstream.UpstreamState;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes the hub again at a server to the resources its clients are subscribed to, whenever the hub has a new
 * connection to it: a server that restarted, crashed or was stopped and started remembers no subscriber. (Log
 * levels need no such care: the hub filters log messages for each session itself.)
 */
final class Reconnections {
    private static final Logger log = LoggerFactory.getLogger(Reconnections.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Hub hub;
    private final Subscriptions subscriptions;
    /** The connection id each server had at the last check: data from the snapshot, never a live object. */
    private Map<String, Long> seen = Map.of();

    Reconnections(Hub hub, Subscriptions subscriptions) {
        this.hub = hub;
        this.subscriptions = subscriptions;
    }

    /** Runs on the event bus's thread, one event at a time, whenever servers may have come or gone. */
    void check(HubSnapshot snapshot) {
        Map<String, Long> now = new HashMap<>();
        for (ServerView server : snapshot.servers()) {
            if (server.state() instanceof UpstreamState.Connected connected) {
                now.put(server.name(), connected.connectionId());
                if (!Long.valueOf(connected.connectionId()).equals(seen.get(server.name()))) {
                    Thread.ofVirtual().name("resubscribe-" + server.name()).start(() -> resubscribe(server.name()));
                }
            }
        }
        seen = now;
    }

    private void resubscribe(String server) {
        for (Subscriptions.Key key : subscriptions.keysOf(server)) {
            try {
                hub.calls()
                        .request(
                                server,
                                "resources/subscribe",
                                Json.object().put("uri", key.uri()),
                                CallOptions.timeout(TIMEOUT));
            } catch (HubException e) {
                log.warn(
                        "{}: could not subscribe again to {} after reconnecting: {}",
                        server,
                        key.uri(),
                        e.getMessage());
            }
        }
    }
}
