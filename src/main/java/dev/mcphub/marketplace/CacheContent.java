package dev.mcphub.marketplace;

import dev.mcphub.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the marketplace knows, as one immutable value: the registry as fetched and the READMEs by server
 * id. Its JSON form is the reference's cache file, {@code {registry, lastFetchedAt (ms),
 * serverDocumentation:{<id>:{content, lastFetchedAt}}}}.
 *
 * @param registry the registry document, or null before the first successful fetch
 * @param fetchedAt when the registry was fetched
 * @param readmes README lookups by server id
 */
record CacheContent(JsonNode registry, Instant fetchedAt, Map<String, Readme> readmes) {

    static final CacheContent EMPTY = new CacheContent(null, Instant.EPOCH, Map.of());

    /** A README lookup; {@code content} is null when the repository has none or is not on GitHub. */
    record Readme(String content, Instant fetchedAt) {
        boolean isFresh(Instant now, Duration ttl) {
            return now.isBefore(fetchedAt.plus(ttl));
        }
    }

    CacheContent {
        readmes = Map.copyOf(readmes);
    }

    boolean hasRegistry() {
        return registry != null;
    }

    boolean isFresh(Instant now, Duration ttl) {
        return hasRegistry() && now.isBefore(fetchedAt.plus(ttl));
    }

    List<JsonNode> servers() {
        return registry == null ? List.of() : Json.elements(registry.get("servers"));
    }

    CacheContent withRegistry(JsonNode newRegistry, Instant at) {
        return new CacheContent(newRegistry, at, readmes);
    }

    CacheContent withReadme(String id, Readme readme) {
        Map<String, Readme> updated = new LinkedHashMap<>(readmes);
        updated.put(id, readme);
        return new CacheContent(registry, fetchedAt, updated);
    }

    ObjectNode toJson() {
        ObjectNode root = Json.object();
        root.set("registry", registry);
        root.put("lastFetchedAt", fetchedAt.toEpochMilli());
        ObjectNode docs = root.putObject("serverDocumentation");
        readmes.forEach((id, readme) -> {
            ObjectNode doc = docs.putObject(id);
            doc.put("content", readme.content());
            doc.put("lastFetchedAt", readme.fetchedAt().toEpochMilli());
        });
        return root;
    }

    /**
     * Reads the cache file's JSON form.
     *
     * @throws IllegalArgumentException naming what is wrong when the shape is not the cache's
     */
    static CacheContent fromJson(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the cache is not a JSON object");
        }
        JsonNode registry = root.get("registry");
        if (registry != null && !registry.isNull()) {
            checkRegistry(registry);
        } else {
            registry = null;
        }
        Map<String, Readme> readmes = new LinkedHashMap<>();
        JsonNode docs = root.get("serverDocumentation");
        if (docs != null && docs.isObject()) {
            for (Map.Entry<String, JsonNode> doc : docs.properties()) {
                readmes.put(doc.getKey(), new Readme(Json.string(doc.getValue(), "content"), millis(doc.getValue())));
            }
        }
        return new CacheContent(registry, millis(root), readmes);
    }

    /**
     * Checks that a document has the registry's shape, the one thing the catalogue relies on.
     *
     * @throws IllegalArgumentException with the reference's wording when it has no {@code servers} array
     */
    static void checkRegistry(JsonNode registry) {
        if (registry == null
                || !registry.isObject()
                || !registry.path("servers").isArray()) {
            throw new IllegalArgumentException("Invalid registry response format (missing 'servers' array)");
        }
    }

    private static Instant millis(JsonNode node) {
        JsonNode value = node.get("lastFetchedAt");
        return value != null && value.isNumber() ? Instant.ofEpochMilli(value.longValue()) : Instant.EPOCH;
    }
}
