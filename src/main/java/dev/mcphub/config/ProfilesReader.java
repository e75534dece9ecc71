package dev.mcphub.config;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads and validates the top-level {@code profiles} key of the merged config. Every message names the
 * profile and the field, like the server entries' messages, so that a bad edit is refused with a reason and
 * the last good config stays in force.
 */
final class ProfilesReader {
    /** A profile's name is a path segment of its endpoint. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Exposed names every client accepts (several clients refuse anything else). */
    static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** The names of the meta-tools a search-mode profile lists; renames must not take them. */
    static final Set<String> META_TOOLS = Set.of("search_tools", "call_tool");

    private ProfilesReader() {}

    /**
     * @param source the file the {@code profiles} key came from (the last file that has one), for messages
     */
    static Map<String, ProfileConfig> read(
            @Nullable JsonNode profiles, Set<String> serverNames, @Nullable String source) {
        try {
            return read(profiles, serverNames);
        } catch (HubException e) {
            Map<String, Object> data = new LinkedHashMap<>(e.data());
            data.put("file", source);
            throw new HubException(ErrorCode.CONFIG_ERROR, e.getMessage() + " (in " + source + ")", data);
        }
    }

    private static Map<String, ProfileConfig> read(@Nullable JsonNode profiles, Set<String> serverNames) {
        Map<String, ProfileConfig> result = new LinkedHashMap<>();
        if (profiles == null || profiles.isNull()) {
            return result;
        }
        if (!profiles.isObject()) {
            throw error(null, "profiles", "'profiles' must be an object of named profiles");
        }
        for (var entry : profiles.properties()) {
            String name = entry.getKey();
            if (!NAME.matcher(name).matches()) {
                throw error(
                        name,
                        "name",
                        "Profile '" + name + "': the name must be 1-64 letters, digits, '.', '_' or '-', starting"
                                + " with a letter or digit (it is part of the endpoint's path)");
            }
            result.put(name, profile(name, entry.getValue(), serverNames));
        }
        return result;
    }

    private static ProfileConfig profile(String name, JsonNode node, Set<String> serverNames) {
        if (!node.isObject()) {
            throw error(name, null, "Profile '" + name + "' must be an object");
        }
        Map<String, ProfileConfig.ServerFilter> servers = servers(name, node.get("servers"), serverNames);
        ProfileConfig.Discovery discovery = discovery(name, node.get("discovery"));
        List<String> pinned = strings(name, "pinned", node.get("pinned"));
        checkRenames(name, servers);
        return new ProfileConfig(name, text(name, "description", node.get("description")), servers, discovery, pinned);
    }

    private static Map<String, ProfileConfig.ServerFilter> servers(
            String profile, JsonNode node, Set<String> serverNames) {
        Map<String, ProfileConfig.ServerFilter> servers = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            throw error(profile, "servers", "Profile '" + profile + "' must include 'servers'");
        }
        if (node.isArray()) {
            for (String server : strings(profile, "servers", node)) {
                servers.put(known(profile, server, serverNames), ProfileConfig.ServerFilter.ALL);
            }
        } else if (node.isObject()) {
            for (var entry : node.properties()) {
                servers.put(
                        known(profile, entry.getKey(), serverNames), filter(profile, entry.getKey(), entry.getValue()));
            }
        } else {
            throw error(
                    profile,
                    "servers",
                    "Profile '" + profile + "': 'servers' must be an array of server names or an object of filters");
        }
        return servers;
    }

    private static ProfileConfig.ServerFilter filter(String profile, String server, JsonNode node) {
        if (node.isBoolean() && node.booleanValue() || node.isNull()) {
            return ProfileConfig.ServerFilter.ALL;
        }
        if (!node.isObject()) {
            throw error(profile, "servers." + server, where(profile, server) + " must be an object (or true)");
        }
        JsonNode tools = node.get("tools");
        List<String> allow = List.of();
        List<String> deny = List.of();
        if (tools != null && tools.isArray()) {
            allow = strings(profile, "servers." + server + ".tools", tools);
        } else if (tools != null && tools.isObject()) {
            allow = strings(profile, "servers." + server + ".tools.allow", tools.get("allow"));
            deny = strings(profile, "servers." + server + ".tools.deny", tools.get("deny"));
        } else if (tools != null && !tools.isNull()) {
            throw error(
                    profile,
                    "servers." + server + ".tools",
                    where(profile, server) + ": 'tools' must be an array of patterns or {allow, deny}");
        }
        return new ProfileConfig.ServerFilter(
                allow,
                deny,
                textMap(profile, "servers." + server + ".rename", node.get("rename")),
                textMap(profile, "servers." + server + ".descriptions", node.get("descriptions")),
                flag(profile, "servers." + server + ".prompts", node.get("prompts")),
                flag(profile, "servers." + server + ".resources", node.get("resources")));
    }

    /** Renamed tools must be names every client accepts, and unique within the profile. */
    private static void checkRenames(String profile, Map<String, ProfileConfig.ServerFilter> servers) {
        Set<String> taken = new HashSet<>();
        servers.forEach((server, filter) -> filter.renames().forEach((from, to) -> {
            String field = "servers." + server + ".rename." + from;
            if (!TOOL_NAME.matcher(to).matches()) {
                throw error(
                        profile,
                        field,
                        where(profile, server) + ": the new name '" + to
                                + "' must be 1-64 letters, digits, '_' or '-' (what every MCP client accepts)");
            }
            if (META_TOOLS.contains(to) || !taken.add(to)) {
                throw error(profile, field, "Profile '" + profile + "': the name '" + to + "' is given twice");
            }
        }));
    }

    private static ProfileConfig.Discovery discovery(String profile, JsonNode node) {
        String value = text(profile, "discovery", node);
        if (value == null || value.equals("list")) {
            return ProfileConfig.Discovery.LIST;
        }
        if (value.equals("search")) {
            return ProfileConfig.Discovery.SEARCH;
        }
        throw error(
                profile,
                "discovery",
                "Profile '" + profile + "': 'discovery' must be \"list\" or \"search\", not \"" + value + "\"");
    }

    private static String known(String profile, String server, Set<String> serverNames) {
        if (!serverNames.contains(server)) {
            throw error(
                    profile,
                    "servers." + server,
                    "Profile '" + profile + "' includes server '" + server + "', which is not in mcpServers");
        }
        return server;
    }

    private static List<String> strings(String profile, String field, JsonNode node) {
        List<String> items = new ArrayList<>();
        if (node == null || node.isNull()) {
            return items;
        }
        if (!node.isArray()) {
            throw error(profile, field, "Profile '" + profile + "': '" + field + "' must be an array of strings");
        }
        for (JsonNode item : node) {
            if (!item.isString()) {
                throw error(profile, field, "Profile '" + profile + "': '" + field + "' must be an array of strings");
            }
            items.add(item.asString());
        }
        return items;
    }

    private static Map<String, String> textMap(String profile, String field, JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return map;
        }
        if (!node.isObject()) {
            throw error(profile, field, "Profile '" + profile + "': '" + field + "' must be an object of strings");
        }
        for (var entry : node.properties()) {
            if (!entry.getValue().isString()) {
                throw error(profile, field, "Profile '" + profile + "': '" + field + "' must be an object of strings");
            }
            map.put(entry.getKey(), entry.getValue().asString());
        }
        return map;
    }

    private static @Nullable String text(String profile, String field, @Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw error(profile, field, "Profile '" + profile + "': '" + field + "' must be a string");
        }
        return node.asString();
    }

    private static boolean flag(String profile, String field, JsonNode node) {
        if (node == null || node.isNull()) {
            return true;
        }
        if (!node.isBoolean()) {
            throw error(profile, field, "Profile '" + profile + "': '" + field + "' must be true or false");
        }
        return node.booleanValue();
    }

    private static String where(String profile, String server) {
        return "Profile '" + profile + "', server '" + server + "'";
    }

    private static HubException error(@Nullable String profile, @Nullable String field, String message) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (profile != null) {
            data.put("profile", profile);
        }
        data.put("field", field == null ? "profiles" : field);
        return new HubException(ErrorCode.CONFIG_ERROR, message, data);
    }
}
