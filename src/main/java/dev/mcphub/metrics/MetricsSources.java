package dev.mcphub.metrics;

import dev.mcphub.hub.HubSnapshot;
import java.util.List;
import java.util.Map;

/** What the metrics read from the rest of the hub when Prometheus scrapes; each must be quick. */
public interface MetricsSources {
    HubSnapshot snapshot();

    /** Open MCP sessions by [transport, protocol version]. */
    Map<List<String>, Integer> mcpSessions();

    int sseSubscribers();

    long eventsPublished();

    long eventsDropped();
}
