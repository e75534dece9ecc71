package dev.mcphub.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Which config files to read when the command line names none. */
final class ConfigFiles {
    private ConfigFiles() {}

    /** The given files; else the user's {@code ~/.config/mcphub/servers.json}; else the bundled example. */
    static List<Path> choose(List<Path> given, Map<String, String> env) {
        if (!given.isEmpty()) {
            return given.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        String configHome = env.get("XDG_CONFIG_HOME");
        Path base = configHome != null && !configHome.isBlank() ? Path.of(configHome) : Path.of(home, ".config");
        Path user = base.resolve("mcphub/servers.json");
        if (Files.isRegularFile(user)) {
            return List.of(user);
        }
        return List.of(bundledExample());
    }

    /** {@code examples/servers.json} of the installation: beside bin/ (bin/mcp-hub tells where) or the jar. */
    static Path bundledExample() {
        String home = System.getProperty("mcphub.home");
        if (home != null) {
            return Path.of(home, "examples", "servers.json");
        }
        try {
            Path jar = Path.of(ConfigFiles.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return jar.getParent().resolveSibling("examples").resolve("servers.json");
        } catch (Exception e) {
            return Path.of("examples", "servers.json").toAbsolutePath();
        }
    }
}
