package dev.mcphub.upstream.oauth;

import dev.mcphub.json.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code oauth-storage.json}: one entry per server URL, as the reference keeps it ({@code clientInfo},
 * {@code tokens}, {@code codeVerifier}) plus what the hub needs beyond it. Every change rewrites the whole
 * file through a temporary file and an atomic move, readable by the owner only (0600, in a 0700 directory).
 * Contents never reach a log line: failures name the file, not what was in it. In a cluster the entries live in
 * {@link SharedCredentials} too: read from there first (another replica may have refreshed a token), written to
 * both, the file being what the replica falls back on while the shared store is away.
 */
final class OAuthStore {
    private static final Logger log = LoggerFactory.getLogger(OAuthStore.class);
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private final Path file;
    private final Map<String, ObjectNode> entries = new TreeMap<>();
    private final SharedCredentials shared;

    OAuthStore(Path file) {
        this(file, SharedCredentials.NONE);
    }

    OAuthStore(Path file, SharedCredentials shared) {
        this.file = file;
        this.shared = shared;
    }

    SharedCredentials shared() {
        return shared;
    }

    synchronized void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        restrict(file, FILE);
        try {
            JsonNode tree = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            tree.properties().forEach(entry -> {
                if (entry.getValue() instanceof ObjectNode value) {
                    entries.put(entry.getKey(), value);
                }
            });
        } catch (IOException | RuntimeException e) {
            // The exception's message could quote the file: say only that it is unreadable.
            log.warn(
                    "ignoring unreadable OAuth token file {} ({}); servers will ask for authorization again",
                    file,
                    e.getClass().getSimpleName());
        }
    }

    /** A copy of the entry of a server URL (the cluster's when it is shared), or an empty object. */
    ObjectNode entry(String serverUrl) {
        ObjectNode sharedEntry = sharedEntry(serverUrl);
        synchronized (this) {
            if (sharedEntry != null) {
                entries.put(serverUrl, sharedEntry.deepCopy()); // Saved to the file with the next change.
                return sharedEntry;
            }
            ObjectNode entry = entries.get(serverUrl);
            return entry == null ? Json.object() : entry.deepCopy();
        }
    }

    /** Replaces the entry of a server URL (an empty one removes it) and writes the file. */
    synchronized void put(String serverUrl, ObjectNode entry) {
        if (entry.isEmpty()) {
            entries.remove(serverUrl);
        } else {
            entries.put(serverUrl, entry.deepCopy());
        }
        save();
        if (shared.enabled()) {
            shared.save(serverUrl, entry.isEmpty() ? null : entry.toString());
        }
    }

    /**
     * Offers every entry to the shared store that has none for its URL: after the store came back empty (a
     * restarted Redis), the cluster finds again what this replica holds, never overwriting a newer entry.
     */
    void reconcile() {
        Map<String, ObjectNode> copy;
        synchronized (this) {
            copy = new TreeMap<>(entries);
        }
        copy.forEach((url, entry) -> shared.offer(url, entry.toString()));
    }

    private ObjectNode sharedEntry(String serverUrl) {
        String text = shared.enabled() ? shared.load(serverUrl) : null;
        if (text == null) {
            return null;
        }
        try {
            return Json.parse(text) instanceof ObjectNode entry ? entry : null;
        } catch (RuntimeException e) {
            log.warn(
                    "ignoring an unreadable shared OAuth entry ({})",
                    e.getClass().getSimpleName());
            return null;
        }
    }

    private void save() {
        ObjectNode tree = Json.object();
        entries.forEach(tree::set);
        Path dir = file.toAbsolutePath().getParent();
        try {
            createPrivateDirectory(dir);
            Path temp = Files.createTempFile(dir, ".oauth-storage", ".tmp", attribute(FILE));
            try {
                try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    out.write(java.nio.ByteBuffer.wrap(tree.toPrettyString().getBytes(StandardCharsets.UTF_8)));
                    out.force(true);
                }
                move(temp);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            log.warn("could not save OAuth tokens to {}: {}", file, e.getClass().getSimpleName());
        }
    }

    private void move(Path temp) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, attribute(DIRECTORY));
        }
        restrict(dir, DIRECTORY);
    }

    /** Narrows the permissions of a file or directory the hub owns, where the file system has them. */
    private static void restrict(Path path, Set<PosixFilePermission> permissions) {
        try {
            if (!Files.getPosixFilePermissions(path).equals(permissions)) {
                Files.setPosixFilePermissions(path, permissions);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system (the user's profile directory protects it there).
        }
    }

    private static FileAttribute<?>[] attribute(Set<PosixFilePermission> permissions) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        return posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }
}
