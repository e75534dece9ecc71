package dev.mcphub.config;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * One server of the merged config.
 *
 * @param name the key in {@code mcpServers}
 * @param spec how to reach it, placeholders unresolved
 * @param disabled {@code disabled: true} in the file
 * @param displayName the entry's {@code name}, or the key when it has none
 * @param description the entry's {@code description}, or null
 * @param configSource the file this entry came from ({@code config_source})
 * @param raw the entry as the hub shows it in {@code config_changed}: the file's fields plus {@code type}
 *     and {@code config_source}; never mutated
 */
public record ServerConfig(
        String name,
        ServerSpec spec,
        boolean disabled,
        String displayName,
        @Nullable String description,
        String configSource,
        ObjectNode raw) {

    /** {@code "stdio"} or, for every remote server, {@code "sse"}: the reference's wire values. */
    public String transportType() {
        return switch (spec) {
            case ServerSpec.Stdio stdio -> "stdio";
            case ServerSpec.Remote remote -> "sse";
        };
    }
}
