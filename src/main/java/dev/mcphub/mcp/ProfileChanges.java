package dev.mcphub.mcp;

import dev.mcphub.hub.HubSnapshot;
import dev.mcphub.profiles.ProfileView;
import dev.mcphub.profiles.Profiles;
import dev.mcphub.upstream.ListKind;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Which lists of each profile changed since the last look, from what its clients see: a profile's sessions
 * hear {@code list_changed} when an edit of that profile or a change of one of its servers changes what
 * they are shown, and not when another profile or server changes. Used on the event bus's thread only.
 */
final class ProfileChanges {
    private final Profiles profiles;
    private Map<String, Map<ListKind, List<JsonNode>>> lastSeen = Map.of();

    ProfileChanges(Profiles profiles) {
        this.profiles = profiles;
    }

    Map<String, Set<ListKind>> since(HubSnapshot snapshot) {
        Map<String, Map<ListKind, List<JsonNode>>> now = new HashMap<>();
        Map<String, Set<ListKind>> changes = new HashMap<>();
        Set<String> names = new HashSet<>(lastSeen.keySet());
        profiles.all().forEach(p -> names.add(p.name()));
        for (String name : names) {
            Map<ListKind, List<JsonNode>> lists = new EnumMap<>(ListKind.class);
            ProfileView view = profiles.view(name, snapshot).orElse(null);
            for (ListKind kind : ListKind.values()) {
                lists.put(kind, view == null ? List.of() : view.listed(kind));
            }
            // A profile seen for the first time has no sessions that saw anything else: a baseline only.
            Map<ListKind, List<JsonNode>> before = lastSeen.getOrDefault(name, lists);
            Set<ListKind> kinds = EnumSet.noneOf(ListKind.class);
            for (ListKind kind : ListKind.values()) {
                if (!before.get(kind).equals(lists.get(kind))) {
                    kinds.add(kind);
                }
            }
            changes.put(name, kinds);
            now.put(name, lists); // Removed profiles too, so that their sessions hear when one comes back.
        }
        lastSeen = now;
        return changes;
    }
}
