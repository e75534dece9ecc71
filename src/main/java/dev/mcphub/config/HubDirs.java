package dev.mcphub.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the hub keeps its own files, by the XDG base-directory rules the reference follows: the legacy
 * {@code ~/.mcp-hub} when it exists, else {@code $XDG_STATE_HOME} (or {@code ~/.local/state}) for state
 * and logs and {@code $XDG_DATA_HOME} (or {@code ~/.local/share}) for data, each with {@code /mcp-hub}.
 *
 * @param state workspaces.json, overrides, logs
 * @param data OAuth tokens, marketplace cache
 */
public record HubDirs(Path state, Path data) {

    /** The directories for this user's environment. Does no I/O beyond checking for the legacy directory. */
    public static HubDirs fromEnvironment(Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        Path legacy = home.resolve(".mcp-hub");
        if (Files.isDirectory(legacy)) {
            return new HubDirs(legacy, legacy);
        }
        Path state = base(env, "XDG_STATE_HOME", home.resolve(".local/state"));
        Path data = base(env, "XDG_DATA_HOME", home.resolve(".local/share"));
        return new HubDirs(state.resolve("mcp-hub"), data.resolve("mcp-hub"));
    }

    public Path logs() {
        return state.resolve("logs");
    }

    public Path cache() {
        return data.resolve("cache");
    }

    private static Path base(Map<String, String> env, String variable, Path fallback) {
        String value = env.get(variable);
        // The XDG spec says relative values are invalid and must be ignored.
        return value != null && !value.isBlank() && Path.of(value).isAbsolute() ? Path.of(value) : fallback;
    }
}
