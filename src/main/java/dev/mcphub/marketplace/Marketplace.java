package dev.mcphub.marketplace;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The catalogue of MCP servers a client can install, from the registry, cached on disk.
 *
 * <p>A fresh cache (younger than the TTL) answers without the network. A stale or missing one is refreshed
 * when asked for, by one fetch that concurrent callers share; if that fails, any catalogue already known is
 * served and the failure becomes a warning. After a failure the registry is not asked again for a short
 * pause (at most 30 s), so a hub without network answers from cache at once instead of waiting for a
 * timeout on every request. With {@code --no-marketplace} nothing is fetched or read.
 *
 * <p>Warnings are logged here and also passed to {@code onWarning}, which is meant for forwarding them to
 * clients (the hub's SSE {@code log} events), not for logging them again.
 */
public final class Marketplace implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Marketplace.class);
    private static final Duration MAX_RETRY_PAUSE = Duration.ofSeconds(30);

    private record Failure(Instant at, String reason) {}

    private final MarketplaceSettings settings;
    private final Map<String, String> env;
    private final Consumer<String> onWarning;
    private final Consumer<Boolean> onFetch;
    private final CacheStore cache;
    private final SingleFlight<String, CacheContent> registryFetch = new SingleFlight<>();
    private final SingleFlight<String, String> readmeFetch = new SingleFlight<>();
    private final AtomicBoolean loaded = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Failure lastFailure;
    private volatile OutboundHttp http;
    private volatile RegistrySource source;
    private volatile SharedCatalogue shared = SharedCatalogue.NONE;

    /**
     * @param env the process environment, read for the proxy variables
     * @param onWarning hears each warning (stale cache served, corrupt cache ignored, ...) once
     */
    public Marketplace(MarketplaceSettings settings, Map<String, String> env, Consumer<String> onWarning) {
        this(settings, env, onWarning, fetched -> {});
    }

    /** @param onFetch hears each registry fetch: true when it worked, false when it failed (metrics) */
    public Marketplace(
            MarketplaceSettings settings,
            Map<String, String> env,
            Consumer<String> onWarning,
            Consumer<Boolean> onFetch) {
        this.onFetch = onFetch;
        this.settings = settings;
        this.env = Map.copyOf(env);
        this.onWarning = onWarning;
        this.cache = new CacheStore(new CacheFile(settings.cacheFile()), this::warn);
    }

    /** Shares fetched registries with the other replicas of a cluster; before {@link #start()}. */
    public void share(SharedCatalogue catalogue) {
        this.shared = catalogue;
    }

    /**
     * Loads the cache file and makes every route answer (from the cache, or by fetching on demand), without
     * touching the network; the hub calls it before it says it is ready. Idempotent; does nothing when the
     * marketplace is disabled.
     */
    public void load() {
        if (!settings.enabled() || closed.get() || !loaded.compareAndSet(false, true)) {
            return;
        }
        cache.load();
        OutboundHttp client = new OutboundHttp(
                EnvironmentProxySelector.from(env, this::warn),
                settings.connectTimeout(),
                settings.requestTimeout(),
                settings.maxBodyBytes());
        http = client;
        source = new RegistrySource(client, settings.registryUrl(), settings.githubRawUrl());
    }

    /**
     * {@link #load()}s if that has not happened and, when the cache is stale or absent, starts a refresh in
     * the background: start-up never waits for the network. Does nothing when the marketplace is disabled.
     */
    public void start() {
        load();
        if (!settings.enabled() || closed.get() || source == null || !started.compareAndSet(false, true)) {
            return;
        }
        if (!cache.get().isFresh(Instant.now(), settings.ttl())) {
            Thread.ofVirtual().name("marketplace-refresh").start(this::refreshQuietly);
        }
    }

    /** Why the catalogue is empty on purpose, for the route to tell the client; empty when enabled. */
    public Optional<String> disabledReason() {
        return settings.enabled()
                ? Optional.empty()
                : Optional.of("The marketplace is disabled (--no-marketplace): the hub does not contact the registry");
    }

    /**
     * The registry's server entries that match, in the requested order; blank or null arguments do not
     * filter. Empty when the marketplace is disabled.
     *
     * @param tags every one must be on an entry (see {@link #parseTags})
     * @param sort {@code newest} (default, by {@code lastCommit}), {@code stars} or {@code name}
     * @throws HubException VALIDATION_ERROR for an unknown sort; MARKETPLACE_ERROR "Failed to fetch
     *     marketplace registry: ..." when no catalogue is known and the registry cannot be fetched
     */
    public JsonNode catalog(String search, String category, List<String> tags, String sort) {
        CatalogQuery query = CatalogQuery.of(search, category, tags, sort);
        if (!settings.enabled()) {
            return Json.array();
        }
        return query.apply(current().servers());
    }

    /**
     * One entry and its README: {@code {server:<registry entry>, readmeContent:string|null}}. The route
     * answers {@code {server:<this object>, timestamp}}, the reference's nested shape.
     *
     * @throws HubException VALIDATION_ERROR "Missing mcpId in request body" or "Server not found" (data
     *     {@code mcpId}); MARKETPLACE_ERROR when disabled or no catalogue can be had
     */
    public JsonNode details(String mcpId) {
        if (mcpId == null || mcpId.isBlank()) {
            throw new HubException(
                    ErrorCode.VALIDATION_ERROR, "Missing mcpId in request body", Map.of("field", "mcpId"));
        }
        if (!settings.enabled()) {
            throw new HubException(ErrorCode.MARKETPLACE_ERROR, disabledReason().orElseThrow(), Map.of("mcpId", mcpId));
        }
        JsonNode entry = current().servers().stream()
                .filter(server -> mcpId.equals(Json.string(server, "id")))
                .findFirst()
                .orElseThrow(
                        () -> new HubException(ErrorCode.VALIDATION_ERROR, "Server not found", Map.of("mcpId", mcpId)));
        ObjectNode details = Json.object();
        details.set("server", entry);
        details.put("readmeContent", readme(mcpId, entry));
        return details;
    }

    /** The {@code tags} query parameter: comma-separated, blanks dropped; null gives no tags. */
    public static List<String> parseTags(String commaSeparated) {
        if (commaSeparated == null) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(","))
                .map(String::strip)
                .filter(tag -> !tag.isEmpty())
                .toList();
    }

    /** Cancels fetches in flight; the cache stays on disk. Idempotent, returns within about a second. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && http != null) {
            http.close();
        }
    }

    private CacheContent current() {
        if (source == null) {
            throw new HubException(ErrorCode.UNAVAILABLE, "The marketplace is not started yet");
        }
        CacheContent cached = cache.get();
        if (cached.isFresh(Instant.now(), settings.ttl())) {
            return cached;
        }
        try {
            return registryFetch.run("registry", this::refresh);
        } catch (HubException e) {
            CacheContent fallback = cache.get();
            if (fallback.hasRegistry()) {
                return fallback;
            }
            throw new HubException(
                    ErrorCode.MARKETPLACE_ERROR,
                    "Failed to fetch marketplace registry: " + e.getMessage(),
                    Map.of("registryUrl", settings.registryUrl().toString(), "reason", e.getMessage()));
        }
    }

    /**
     * Fetches the registry unless that is pointless: another caller may have refreshed it just before this
     * one got its turn, or a fetch failed moments ago.
     *
     * @throws HubException MARKETPLACE_ERROR whose message is the reason alone
     */
    private CacheContent refresh() {
        Instant now = Instant.now();
        CacheContent cached = cache.get();
        if (cached.isFresh(now, settings.ttl())) {
            return cached;
        }
        if (closed.get()) {
            throw new HubException(ErrorCode.MARKETPLACE_ERROR, "the marketplace is closed");
        }
        CacheContent fromReplica = fromOtherReplica(now, cached);
        if (fromReplica != null) {
            return fromReplica;
        }
        Failure failure = lastFailure;
        if (failure != null && now.isBefore(failure.at().plus(retryPause()))) {
            throw new HubException(ErrorCode.MARKETPLACE_ERROR, failure.reason());
        }
        JsonNode registry;
        try {
            registry = source.fetchRegistry();
        } catch (RegistrySource.FetchException e) {
            lastFailure = new Failure(Instant.now(), e.getMessage());
            if (closed.get()) {
                // The fetch was cut short by close(): expected, not worth a warning.
                throw new HubException(ErrorCode.MARKETPLACE_ERROR, "the marketplace is closed");
            }
            onFetch.accept(false);
            warn(
                    cached.hasRegistry()
                            ? "Marketplace " + e.getMessage() + "; serving the cached catalogue from "
                                    + cached.fetchedAt()
                            : "Marketplace " + e.getMessage() + "; no cached catalogue to serve");
            throw new HubException(ErrorCode.MARKETPLACE_ERROR, e.getMessage());
        }
        lastFailure = null;
        onFetch.accept(true);
        CacheContent updated = cache.update(c -> c.withRegistry(registry, Instant.now()));
        shared.write(new SharedCatalogue.Fetched(registry, updated.fetchedAt()), settings.ttl());
        log.info(
                "Marketplace registry fetched from {}: {} servers",
                settings.registryUrl(),
                updated.servers().size());
        return updated;
    }

    /** Another replica's fetch, when it is fresh and newer than this cache: then there is nothing to fetch. */
    private CacheContent fromOtherReplica(Instant now, CacheContent cached) {
        SharedCatalogue.Fetched other = shared.read();
        if (other == null
                || !other.at().isAfter(cached.fetchedAt())
                || !now.isBefore(other.at().plus(settings.ttl()))) {
            return null;
        }
        try {
            CacheContent.checkRegistry(other.registry());
        } catch (IllegalArgumentException e) {
            log.warn("Marketplace registry shared by another replica ignored: {}", e.getMessage());
            return null;
        }
        CacheContent adopted = cache.update(c -> c.withRegistry(other.registry(), other.at()));
        log.info("Marketplace registry taken from another replica's fetch at {}", other.at());
        return adopted;
    }

    private Duration retryPause() {
        return settings.ttl().compareTo(MAX_RETRY_PAUSE) < 0 ? settings.ttl() : MAX_RETRY_PAUSE;
    }

    private void refreshQuietly() {
        try {
            registryFetch.run("registry", this::refresh);
        } catch (HubException e) {
            // refresh() has reported it; the next request serves the cache or the error.
        }
    }

    private String readme(String mcpId, JsonNode entry) {
        CacheContent.Readme cached = cache.get().readmes().get(mcpId);
        if (cached != null && cached.isFresh(Instant.now(), settings.ttl())) {
            return cached.content();
        }
        return readmeFetch.run(mcpId, () -> switch (source.fetchReadme(entry)) {
            case RegistrySource.ReadmeLookup.Found found -> storeReadme(mcpId, found.content());
            case RegistrySource.ReadmeLookup.Absent absent -> storeReadme(mcpId, null);
            case RegistrySource.ReadmeLookup.Failed failed -> {
                warn("Marketplace README of '" + mcpId + "' unavailable: " + failed.reason());
                yield cached == null ? null : cached.content();
            }
        });
    }

    private String storeReadme(String mcpId, String readme) {
        cache.update(c -> c.withReadme(mcpId, new CacheContent.Readme(readme, Instant.now())));
        return readme;
    }

    private void warn(String message) {
        log.warn(message);
        try {
            onWarning.accept(message);
        } catch (RuntimeException e) {
            log.warn("Marketplace warning listener failed", e);
        }
    }
}
