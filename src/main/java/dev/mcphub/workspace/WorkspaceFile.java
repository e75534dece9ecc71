package dev.mcphub.workspace;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bytes of {@code workspaces.json}: read tolerantly, written atomically (a temporary file renamed over
 * the old one), so that a reader sees either the old or the new content. The reference's hubs write in place,
 * so a read without the lock may still catch one of them mid-write; {@link #tryRead()} reports that as null.
 * Writes are not forced to disk: after a machine crash every entry is stale anyway.
 */
final class WorkspaceFile {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceFile.class);
    // The layout of JavaScript's JSON.stringify(cache, null, 2), so that the file diffs cleanly between hubs.
    private static final ObjectWriter PRETTY = Json.MAPPER
            .writer()
            .with(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                            .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                            .withObjectEmptySeparator("")
                            .withArrayEmptySeparator(""))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private final Path path;

    WorkspaceFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /** The cache, or null when the file does not parse as a JSON object (a writer may be mid-write). */
    @Nullable
    ObjectNode tryRead() {
        try {
            byte[] bytes = readBytes();
            if (isBlank(bytes)) {
                return Json.object();
            }
            JsonNode node = Json.parse(bytes);
            return node.isObject() ? (ObjectNode) node : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The cache, read under the lock: a file that does not parse now is broken and is started afresh. */
    ObjectNode readLocked() {
        ObjectNode cache = tryRead();
        if (cache == null) {
            log.warn("{} is not a JSON object; starting it afresh", path);
            return Json.object();
        }
        return cache;
    }

    void write(ObjectNode cache) {
        Path temp = null;
        try {
            temp = Files.createTempFile(path.getParent(), path.getFileName() + ".", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(PRETTY.writeValueAsBytes(cache));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            move(temp);
        } catch (IOException e) {
            throw new HubException(
                    ErrorCode.WORKSPACE_ERROR,
                    "Could not write " + path + ": " + e,
                    Map.of("file", path.toString()),
                    e);
        } finally {
            deleteQuietly(temp);
        }
    }

    boolean exists() {
        return Files.exists(path);
    }

    /** The keys of the entries whose process is gone. An entry without a numeric pid is not ours to judge. */
    static List<String> deadKeys(ObjectNode cache) {
        List<String> dead = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : cache.properties()) {
            JsonNode pid = entry.getValue().get("pid");
            if (pid != null && pid.isIntegralNumber() && !ProcessLiveness.isAlive(pid.asLong())) {
                dead.add(entry.getKey());
            }
        }
        return dead;
    }

    private byte[] readBytes() {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return new byte[0];
        } catch (IOException e) {
            throw new HubException(
                    ErrorCode.WORKSPACE_ERROR, "Could not read " + path + ": " + e, Map.of("file", path.toString()), e);
        }
    }

    private void move(Path temp) throws IOException {
        try {
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    private static void deleteQuietly(@Nullable Path temp) {
        try {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            log.debug("Could not delete {}", temp, e);
        }
    }
}
