package dev.mcphub.mcp;

import dev.mcphub.hub.HubSnapshot;
import dev.mcphub.hub.ServerView;
import dev.mcphub.upstream.Capabilities;
import dev.mcphub.upstream.ListKind;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which lists of each server changed since the last look: what a single-server endpoint's clients must hear
 * of. Each owner (session notifier, listen streams) keeps its own, used on the event bus's thread only.
 */
final class ServerListChanges {
    private Map<String, Capabilities> lastSeen = Map.of();

    Map<String, Set<ListKind>> since(HubSnapshot snapshot) {
        Map<String, Capabilities> now = new HashMap<>();
        Map<String, Set<ListKind>> changes = new HashMap<>();
        for (ServerView server : snapshot.servers()) {
            Capabilities lists = server.capabilities();
            now.put(server.name(), lists);
            Capabilities before = lastSeen.getOrDefault(server.name(), Capabilities.EMPTY);
            Set<ListKind> kinds = EnumSet.noneOf(ListKind.class);
            for (ListKind kind : ListKind.values()) {
                if (!before.get(kind).equals(lists.get(kind))) {
                    kinds.add(kind);
                }
            }
            changes.put(server.name(), kinds);
        }
        lastSeen = now;
        return changes;
    }
}
