package dev.mcphub.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One profile from the config's top-level {@code profiles} key: a named view of some servers' tools,
 * prompts and resources, served at {@code /profiles/<name>/mcp}.
 *
 * @param name the profile's name (the key), used in its endpoint's path
 * @param description shown in {@code /api/profiles}; may be null
 * @param servers the servers it includes, by name, each with its filters; in the order written
 * @param discovery {@link Discovery#LIST} (every tool listed) or {@link Discovery#SEARCH} (meta-tools)
 * @param pinned exposed tool names listed even in search mode
 */
public record ProfileConfig(
        String name,
        @Nullable String description,
        Map<String, ServerFilter> servers,
        Discovery discovery,
        List<String> pinned) {
    public ProfileConfig {
        servers = Collections.unmodifiableMap(new LinkedHashMap<>(servers));
        pinned = List.copyOf(pinned);
    }

    public enum Discovery {
        LIST,
        SEARCH
    }

    /**
     * What a profile takes from one server.
     *
     * @param allow tool-name patterns (exact names or globs with {@code *} and {@code ?}); empty means all
     * @param deny tool-name patterns removed after {@code allow}
     * @param renames upstream tool name to the exact name clients see
     * @param descriptions upstream tool name to the description clients see
     * @param prompts whether the server's prompts are included
     * @param resources whether the server's resources and resource templates are included
     */
    public record ServerFilter(
            List<String> allow,
            List<String> deny,
            Map<String, String> renames,
            Map<String, String> descriptions,
            boolean prompts,
            boolean resources) {
        public static final ServerFilter ALL = new ServerFilter(List.of(), List.of(), Map.of(), Map.of(), true, true);

        public ServerFilter {
            allow = List.copyOf(allow);
            deny = List.copyOf(deny);
            renames = Map.copyOf(renames);
            descriptions = Map.copyOf(descriptions);
        }

        /** Whether the profile includes the server's tool of this (upstream) name. */
        public boolean includesTool(String name) {
            return (allow.isEmpty() || allow.stream().anyMatch(p -> Glob.matches(p, name)))
                    && deny.stream().noneMatch(p -> Glob.matches(p, name));
        }
    }
}
