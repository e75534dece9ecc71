package dev.mcphub.hub;

import java.util.List;
import java.util.Optional;

/**
 * What the hub is at one moment: its state, every server in config order, and the catalogue of the
 * connected ones. Immutable; the hub swaps in a new one atomically and readers never lock.
 */
public record HubSnapshot(HubState state, List<ServerView> servers, Catalog catalog) {
    public HubSnapshot {
        servers = List.copyOf(servers);
    }

    public Optional<ServerView> server(String name) {
        return servers.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
