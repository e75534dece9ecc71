package dev.mcphub.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The merged config of all files, in the order servers were first named.
 *
 * @param servers by name, in config order
 * @param merged the merged document ({@code mcpServers} with {@code type} and {@code config_source} on
 *     every entry, plus the other top-level keys, last file winning); never mutated
 * @param files the files as given, in merge order
 * @param profiles the top-level {@code profiles}, by name, in the order written
 */
public record HubConfig(
        Map<String, ServerConfig> servers, ObjectNode merged, List<Path> files, Map<String, ProfileConfig> profiles) {
    public HubConfig {
        servers = Collections.unmodifiableMap(new LinkedHashMap<>(servers));
        files = List.copyOf(files);
        profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
    }

    /** A config without profiles. */
    public HubConfig(Map<String, ServerConfig> servers, ObjectNode merged, List<Path> files) {
        this(servers, merged, files, Map.of());
    }
}
