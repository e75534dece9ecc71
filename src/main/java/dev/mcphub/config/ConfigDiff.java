package dev.mcphub.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What changed between two configs, per server (§3.5 of the contract): compared over the reference's key
 * fields plus {@code oauth}, deep-equal, a field present on one side only counting as modified. Fields
 * such as {@code description}, {@code type} or {@code autoApprove} do not make a server modified.
 *
 * @param added in the new config's order
 * @param removed in the old config's order
 * @param modified in the new config's order
 * @param unchanged in the new config's order
 * @param details for each modified server, what changed
 */
public record ConfigDiff(
        List<String> added,
        List<String> removed,
        List<String> modified,
        List<String> unchanged,
        Map<String, Change> details) {

    static final List<String> KEY_FIELDS = List.of(
            "command", "args", "env", "disabled", "url", "headers", "dev", "name", "cwd", "config_source", "oauth");

    public ConfigDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        modified = List.copyOf(modified);
        unchanged = List.copyOf(unchanged);
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /**
     * How one server's entry changed. A field absent on one side has no entry in that side's map.
     *
     * @param modifiedFields in the order of the key fields
     */
    public record Change(
            List<String> modifiedFields, Map<String, JsonNode> oldValues, Map<String, JsonNode> newValues) {
        public Change {
            modifiedFields = List.copyOf(modifiedFields);
            oldValues = Collections.unmodifiableMap(new LinkedHashMap<>(oldValues));
            newValues = Collections.unmodifiableMap(new LinkedHashMap<>(newValues));
        }

        /** Only {@code disabled} changed: the server is enabled or disabled, not restarted. */
        public boolean onlyDisabledChanged() {
            return modifiedFields.equals(List.of("disabled"));
        }
    }

    /** The diff from {@code before} (null for "no config yet") to {@code after}. */
    public static ConfigDiff between(HubConfig before, HubConfig after) {
        Map<String, ServerConfig> oldServers = before == null ? Map.of() : before.servers();
        Map<String, ServerConfig> newServers = after.servers();
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> modified = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        Map<String, Change> details = new LinkedHashMap<>();
        oldServers.keySet().stream()
                .filter(name -> !newServers.containsKey(name))
                .forEach(removed::add);
        newServers.forEach((name, server) -> {
            ServerConfig old = oldServers.get(name);
            if (old == null) {
                added.add(name);
                return;
            }
            Change change = compare(old.raw(), server.raw());
            if (change.modifiedFields().isEmpty()) {
                unchanged.add(name);
            } else {
                modified.add(name);
                details.put(name, change);
            }
        });
        return new ConfigDiff(added, removed, modified, unchanged, details);
    }

    /** Nothing to apply: no server added, removed or modified. */
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && modified.isEmpty();
    }

    private static Change compare(ObjectNode before, ObjectNode after) {
        List<String> fields = new ArrayList<>();
        Map<String, JsonNode> oldValues = new LinkedHashMap<>();
        Map<String, JsonNode> newValues = new LinkedHashMap<>();
        for (String field : KEY_FIELDS) {
            JsonNode old = before.get(field);
            JsonNode now = after.get(field);
            if (old == null && now == null || old != null && old.equals(now)) {
                continue;
            }
            fields.add(field);
            if (old != null) {
                oldValues.put(field, old);
            }
            if (now != null) {
                newValues.put(field, now);
            }
        }
        return new Change(fields, oldValues, newValues);
    }
}
