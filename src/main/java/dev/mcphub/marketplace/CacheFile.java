package dev.mcphub.marketplace;

import dev.mcphub.json.Json;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;

/**
 * The cache file {@code registry.json}. Writes go to a temporary file in the same directory that is then
 * moved over the old one, so a crash or a concurrent reader never sees half a file.
 */
final class CacheFile {
    private final Path file;
    private final ReentrantLock writeLock = new ReentrantLock();

    CacheFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /**
     * The cached content, or empty when there is no file yet.
     *
     * @throws IOException when the file cannot be read, or is not a valid cache (the message says why)
     */
    Optional<CacheContent> read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(CacheContent.fromJson(Json.parse(bytes)));
        } catch (JacksonException e) {
            throw new IOException("not a valid marketplace cache: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException("not a valid marketplace cache: " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the file with the current content. The content is taken inside the writers' lock, so when
     * two updates race the file ends with the later one, never an older snapshot written last.
     */
    void write(Supplier<CacheContent> current) throws IOException {
        writeLock.lock();
        try {
            byte[] bytes = Json.MAPPER
                    .writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(current.get().toJson());
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".registry-", ".json.tmp");
            try {
                Files.write(temp, bytes);
                move(temp);
            } finally {
                Files.deleteIfExists(temp);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void move(Path temp) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Some file systems (network mounts) cannot rename atomically; a plain replace is the best left.
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
