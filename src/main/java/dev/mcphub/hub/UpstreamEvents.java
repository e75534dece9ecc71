package dev.mcphub.hub;

import dev.mcphub.jsonrpc.JsonRpcMessage.Notification;
import dev.mcphub.upstream.Capabilities;
import dev.mcphub.upstream.ListKind;
import dev.mcphub.upstream.Upstream;
import dev.mcphub.upstream.UpstreamState;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what upstreams report into a new snapshot and hub events, and tells the user (one log line per
 * server as it connects, is disabled or needs authorization; failures are logged where they happen).
 */
final class UpstreamEvents implements Upstream.Listener {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);

    private final Servers servers;
    private final EventBus bus;

    UpstreamEvents(Servers servers, EventBus bus) {
        this.servers = servers;
        this.bus = bus;
    }

    @Override
    public void stateChanged(Upstream upstream, UpstreamState previous, UpstreamState current) {
        if (servers.upstream(upstream.name()) != upstream) {
            return; // Replaced or removed: its last words no longer describe the server.
        }
        servers.rebuild();
        if (!previous.status().equals(current.status())) {
            // Not for new lists of a connected server: that would say "connected" again on every refresh.
            describe(upstream, current);
        }
        boolean settledChange =
                !previous.status().equals(current.status()) && !(current instanceof UpstreamState.Connecting);
        HubState hubState = servers.snapshot().state();
        boolean running = hubState == HubState.READY || hubState == HubState.RESTARTED;
        if (settledChange && running && !servers.isQuiet(upstream.name())) {
            bus.publish(new HubEvent.ServersUpdated(
                    new HubEvent.Changes.Modified(upstream.name()),
                    "server_status",
                    null,
                    null,
                    null,
                    current.status()));
        }
    }

    @Override
    public void listsChanged(Upstream upstream, Set<ListKind> kinds) {
        if (servers.upstream(upstream.name()) != upstream) {
            return;
        }
        servers.rebuild();
        Capabilities lists =
                upstream.state() instanceof UpstreamState.Connected c ? c.capabilities() : Capabilities.EMPTY;
        String name = upstream.name();
        if (kinds.contains(ListKind.TOOLS)) {
            bus.publish(new HubEvent.ToolListChanged(name, lists.tools()));
        }
        if (kinds.contains(ListKind.RESOURCES) || kinds.contains(ListKind.RESOURCE_TEMPLATES)) {
            bus.publish(new HubEvent.ResourceListChanged(name, lists.resources(), lists.resourceTemplates()));
        }
        if (kinds.contains(ListKind.PROMPTS)) {
            bus.publish(new HubEvent.PromptListChanged(name, lists.prompts()));
        }
    }

    @Override
    public void notification(Upstream upstream, Notification notification) {
        bus.publish(new HubEvent.UpstreamNotification(upstream.name(), notification));
    }

    private static void describe(Upstream upstream, UpstreamState state) {
        switch (state) {
            case UpstreamState.Connected c ->
                log.info(
                        "{}: connected via {} in {} ms ({} tools, {} prompts, {} resources, {} templates)",
                        upstream.name(),
                        c.transport(),
                        upstream.lastStarted() == null
                                ? 0
                                : Duration.between(upstream.lastStarted(), Instant.now())
                                        .toMillis(),
                        c.capabilities().tools().size(),
                        c.capabilities().prompts().size(),
                        c.capabilities().resources().size(),
                        c.capabilities().resourceTemplates().size());
            case UpstreamState.Disabled d -> log.info("{}: disabled", upstream.name());
            case UpstreamState.Unauthorized u ->
                log.warn(
                        "{}: needs authorization{}",
                        upstream.name(),
                        u.authorizationUrl() == null ? "" : "; open " + u.authorizationUrl());
            case UpstreamState.Connecting c ->
                log.debug("{}: connecting (attempt {})", upstream.name(), c.attempt() + 1);
            case UpstreamState.Disconnected d -> log.debug("{}: disconnected: {}", upstream.name(), d.reason());
        }
    }
}
