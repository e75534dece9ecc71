package dev.mcphub.cluster;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What another replica needs to continue a 2025-era session: where it was opened, by whom, what was negotiated,
 * its log level and its resource subscriptions ({@code server}, the server's URI, the URI the client used).
 *
 * @param endpoint the endpoint path ({@code /mcp}, {@code /servers/NAME/mcp}, {@code /profiles/NAME/mcp})
 * @param who the caller who opened it (only that caller may use it)
 * @param version counts the changes: replicas keep the newest (each copy catches up on its next request)
 */
public record SessionRecord(
        String id,
        long version,
        String endpoint,
        String who,
        String protocolVersion,
        JsonNode clientCapabilities,
        JsonNode clientInfo,
        boolean initialized,
        String logLevel,
        List<Subscription> subscriptions) {

    public SessionRecord {
        subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
    }

    /** A resource subscription: the server, its own URI, and the URI the client subscribed with. */
    public record Subscription(String server, String uri, String clientUri) {}
}
