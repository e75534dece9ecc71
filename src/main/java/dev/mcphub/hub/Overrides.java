package dev.mcphub.hub;

import dev.mcphub.json.Json;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the REST API enabled or disabled, kept in the hub's state directory so that it survives config
 * reloads and restarts without the hub ever rewriting the user's config. An override ends when the config
 * file itself changes the server's {@code disabled}: the newer word wins. In a cluster they are also kept in
 * {@link SharedOverrides}: what it holds wins at start over the file (another replica may have decided since), and
 * what the file holds that it lacks is offered to it (it may have restarted empty).
 */
final class Overrides {
    private static final Logger log = LoggerFactory.getLogger(Overrides.class);
    static final String ENABLED = "enabled";
    static final String DISABLED = "disabled";

    private final Path file;
    private final Map<String, String> byServer = new ConcurrentHashMap<>();
    private volatile SharedOverrides shared = SharedOverrides.NONE;

    Overrides(Path file) {
        this.file = file;
    }

    void share(SharedOverrides shared) {
        this.shared = shared;
    }

    void load() {
        loadFile();
        catchUp();
    }

    /**
     * Offers the store what it lacks and takes what it holds; returns the servers whose override changed here
     * (another replica decided while this one could not hear it).
     */
    java.util.Set<String> catchUp() {
        Map<String, String> before = Map.copyOf(byServer);
        Map<String, String> cluster = shared.all();
        byServer.forEach((server, value) -> {
            if (!cluster.containsKey(server)) {
                shared.offer(server, value);
            }
        });
        cluster.forEach((server, value) -> {
            if (value.equals(ENABLED) || value.equals(DISABLED)) {
                byServer.put(server, value);
            }
        });
        java.util.Set<String> changed = new java.util.TreeSet<>();
        cluster.forEach((server, value) -> {
            if (!value.equals(before.get(server))) {
                changed.add(server);
            }
        });
        if (!changed.isEmpty()) {
            save();
        }
        return changed;
    }

    private void loadFile() {
        if (file == null || !Files.isRegularFile(file)) {
            return;
        }
        try {
            JsonNode tree = Json.parse(Files.readString(file));
            tree.properties().forEach(entry -> {
                String value = entry.getValue().asString("");
                if (value.equals(ENABLED) || value.equals(DISABLED)) {
                    byServer.put(entry.getKey(), value);
                }
            });
        } catch (IOException | RuntimeException e) {
            log.warn("ignoring unreadable overrides file {}: {}", file, e.getMessage());
        }
    }

    /** The override of a server, or null. */
    String get(String server) {
        return byServer.get(server);
    }

    /** Whether the server should be disabled, the override winning over the config. */
    boolean disabled(String server, boolean configDisabled) {
        String override = byServer.get(server);
        return override == null ? configDisabled : override.equals(DISABLED);
    }

    /** Records an API decision; one that merely repeats the config is no override. */
    void set(String server, boolean disabled, boolean configDisabled) {
        String value = disabled == configDisabled ? null : disabled ? DISABLED : ENABLED;
        adopt(server, value);
        shared.put(server, value);
    }

    void clear(String server) {
        if (byServer.remove(server) != null) {
            save();
            shared.put(server, null);
        }
    }

    /** Another replica's decision: recorded here, not told back. */
    void adopt(String server, String value) {
        if (value == null) {
            byServer.remove(server);
        } else {
            byServer.put(server, value);
        }
        save();
    }

    private synchronized void save() {
        if (file == null) {
            return;
        }
        ObjectNode tree = Json.object();
        new java.util.TreeMap<>(byServer).forEach(tree::put);
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "overrides", ".tmp");
            Files.writeString(temp, tree.toPrettyString());
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.warn("could not save overrides to {}: {}", file, e.getMessage());
        }
    }
}
