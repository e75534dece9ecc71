package dev.mcphub.marketplace;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What the marketplace currently knows, in memory, mirrored to the cache file after every change. Readers
 * take the current value without locking; a cache file that cannot be read or written costs a warning, never
 * a request.
 */
final class CacheStore {
    private final CacheFile file;
    private final Consumer<String> onWarning;
    private final AtomicReference<CacheContent> content = new AtomicReference<>(CacheContent.EMPTY);

    CacheStore(CacheFile file, Consumer<String> onWarning) {
        this.file = file;
        this.onWarning = onWarning;
    }

    CacheContent get() {
        return content.get();
    }

    /** Takes the cache file's content, if there is a valid one. */
    void load() {
        try {
            file.read().ifPresent(content::set);
        } catch (IOException e) {
            onWarning.accept("Marketplace cache " + file.path() + " ignored: " + RegistrySource.describe(e));
        }
    }

    /** Applies {@code change} and writes the result to the file. */
    CacheContent update(UnaryOperator<CacheContent> change) {
        CacheContent updated = content.updateAndGet(change);
        try {
            file.write(content::get);
        } catch (IOException e) {
            onWarning.accept(
                    "Marketplace cache " + file.path() + " could not be written: " + RegistrySource.describe(e));
        }
        return updated;
    }
}
