package dev.mcphub.marketplace;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Where replicas of one hub keep the registry they fetched, so that one fetch serves them all: a replica whose
 * cache is stale takes another's fetch while it is younger than the TTL before asking the registry itself.
 * {@link #NONE} (one hub): each hub has only its own cache file. An implementation never throws.
 */
public interface SharedCatalogue {
    /** The registry as fetched, and when. */
    record Fetched(JsonNode registry, Instant at) {}

    /** The newest registry any replica fetched, or null (none, expired, or the store is away). */
    @Nullable
    Fetched read();

    /** Offers a registry just fetched to the other replicas, for what is left of {@code ttl}. */
    void write(Fetched fetched, Duration ttl);

    SharedCatalogue NONE = new SharedCatalogue() {
        @Override
        public @Nullable Fetched read() {
            return null;
        }

        @Override
        public void write(Fetched fetched, Duration ttl) {}
    };
}
