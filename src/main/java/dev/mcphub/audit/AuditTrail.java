package dev.mcphub.audit;

import dev.mcphub.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * {@code audit.jsonl} in the state directory's {@code audit/} folder, owner-only, one JSON object a line,
 * rotated at {@link #ROTATE_BYTES} into {@code audit.jsonl.1} ... {@code .4} (the oldest is dropped). Writes
 * are appended and flushed one line at a time under a lock, so lines never interleave and a crash loses at
 * most the line being written. A trail that is off writes and finds nothing.
 */
public final class AuditTrail implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    static final long ROTATE_BYTES = 10L * 1024 * 1024;
    static final int KEEP = 4;

    private final Path dir;
    private final java.util.function.BooleanSupplier on;
    private final boolean payloads;
    private final long rotateBytes;
    /** Opened on the first entry written; null before that and after {@link #close()}. */
    private @Nullable OutputStream out;

    private long size;
    private boolean broken;
    private volatile SharedAudit shared = SharedAudit.NONE;

    /**
     * @param dir the folder of the audit files
     * @param on whether anything is written now (authentication may be switched on while the hub runs)
     * @param payloads whether argument values and results may be written
     */
    public AuditTrail(Path dir, java.util.function.BooleanSupplier on, boolean payloads) {
        this(dir, on, payloads, ROTATE_BYTES);
    }

    AuditTrail(Path dir, java.util.function.BooleanSupplier on, boolean payloads, long rotateBytes) {
        this.dir = dir;
        this.on = on;
        this.payloads = payloads;
        this.rotateBytes = rotateBytes;
    }

    /** A trail that writes nothing, for hubs and tests without one. */
    public static AuditTrail off() {
        return new AuditTrail(Path.of("."), () -> false, false);
    }

    /** Also sends every line to the cluster's audit (the file is still written first); before the first entry. */
    public void share(SharedAudit shared) {
        this.shared = shared;
    }

    public boolean on() {
        return on.getAsBoolean();
    }

    /** Whether entries may carry arguments and results. */
    public boolean payloads() {
        return payloads;
    }

    public Path file() {
        return dir.resolve("audit.jsonl");
    }

    public synchronized void record(AuditEntry entry) {
        if (broken || !on()) {
            return;
        }
        String text = Json.text(entry.toJson());
        byte[] line = (text + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            OutputStream stream = out;
            if (stream == null) {
                stream = open();
            }
            if (size + line.length > rotateBytes && size > 0) {
                stream = rotate(stream);
            }
            stream.write(line);
            stream.flush();
            size += line.length;
            shared.append(text);
        } catch (IOException e) {
            broken = true; // Said once; the hub goes on serving.
            log.error("audit trail {} cannot be written, auditing stops: {}", file(), e.getMessage());
        }
    }

    /**
     * The entries at or after {@code since} for {@code server} and {@code who} (each null for any), oldest
     * first, at most {@code limit} of the newest.
     */
    public List<JsonNode> query(@Nullable Instant since, @Nullable String server, @Nullable String who, int limit)
            throws IOException {
        Deque<JsonNode> found = new ArrayDeque<>();
        if (!Files.exists(file()) && !on()) {
            return List.of();
        }
        synchronized (this) {
            OutputStream stream = out;
            if (stream != null) {
                stream.flush();
            }
        }
        for (int i = KEEP; i >= 0; i--) {
            Path path = i == 0 ? file() : dir.resolve("audit.jsonl." + i);
            if (!Files.exists(path)) {
                continue;
            }
            try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    JsonNode entry = parse(line);
                    if (entry != null && matches(entry, since, server, who)) {
                        found.addLast(entry);
                        if (found.size() > limit) {
                            found.removeFirst();
                        }
                    }
                }
            }
        }
        return new ArrayList<>(found);
    }

    private static @Nullable JsonNode parse(String line) {
        try {
            return line.isBlank() ? null : Json.parse(line);
        } catch (RuntimeException e) {
            return null; // A line cut short by a crash.
        }
    }

    private static boolean matches(
            JsonNode entry, @Nullable Instant since, @Nullable String server, @Nullable String who) {
        if (since != null
                && Instant.parse(entry.path("time").asString("1970-01-01T00:00:00Z"))
                        .isBefore(since)) {
            return false;
        }
        if (server != null && !server.equals(Json.string(entry, "server"))) {
            return false;
        }
        return who == null || who.equals(Json.string(entry, "who"));
    }

    private OutputStream open() throws IOException {
        Files.createDirectories(dir);
        Path file = file();
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        size = Files.size(file);
        OutputStream opened = Files.newOutputStream(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        out = opened;
        return opened;
    }

    private OutputStream rotate(OutputStream current) throws IOException {
        current.close();
        for (int i = KEEP - 1; i >= 1; i--) {
            Path from = dir.resolve("audit.jsonl." + i);
            if (Files.exists(from)) {
                Files.move(from, dir.resolve("audit.jsonl." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file(), dir.resolve("audit.jsonl.1"), StandardCopyOption.REPLACE_EXISTING);
        return open();
    }

    @Override
    public synchronized void close() {
        shared.close();
        OutputStream stream = out;
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                // Closing at shutdown is best effort; every line was flushed when written.
            }
            out = null;
        }
    }
}
