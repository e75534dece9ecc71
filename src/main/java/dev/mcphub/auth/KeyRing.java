package dev.mcphub.auth;

import dev.mcphub.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API keys one store holds (a replica's file, the cluster's Redis), with the revocations it knows of: a
 * grow-only pair of sets, so that merging any two stores in any order gives the same answer and a revocation
 * always wins. A key is named by its hash, never by its name (a name may be reused after a revocation; a hash of
 * 256 random bits is never), and a key whose hash is revoked is dropped, wherever it comes from.
 *
 * @param keys the keys not revoked, each hash once
 * @param revoked what was revoked, by hash
 */
public record KeyRing(List<ApiKey> keys, Map<String, Revocation> revoked) {
    public static final KeyRing EMPTY = new KeyRing(List.of(), Map.of());

    /** A revoked key: its hash (to refuse it anywhere), its name and when (for people reading the file). */
    public record Revocation(String hash, String name, Instant at) {
        public ObjectNode toJson() {
            return Json.object().put("sha256", hash).put("name", name).put("revoked", at.toString());
        }

        public static Revocation fromJson(JsonNode node) {
            return new Revocation(
                    node.path("sha256").asString(""),
                    node.path("name").asString(""),
                    Instant.parse(node.path("revoked").asString(Instant.EPOCH.toString())));
        }
    }

    public KeyRing {
        revoked = Map.copyOf(revoked);
        Map<String, ApiKey> byHash = new LinkedHashMap<>();
        for (ApiKey key : keys) {
            if (!revoked.containsKey(key.hash())) {
                byHash.putIfAbsent(key.hash(), key);
            }
        }
        keys = List.copyOf(byHash.values());
    }

    /** The revocations of these keys, now. */
    public static KeyRing revoking(List<ApiKey> keys, Instant at) {
        Map<String, Revocation> revoked = new LinkedHashMap<>();
        keys.forEach(k -> revoked.put(k.hash(), new Revocation(k.hash(), k.name(), at)));
        return new KeyRing(List.of(), revoked);
    }

    /** Everything either holds, less what either revoked. */
    public KeyRing union(KeyRing other) {
        List<ApiKey> all = new ArrayList<>(keys);
        all.addAll(other.keys);
        Map<String, Revocation> gone = new LinkedHashMap<>(other.revoked);
        gone.putAll(revoked);
        return new KeyRing(all, gone);
    }

    /** What this holds that {@code other} lacks: the keys it does not know and the revocations it has not heard. */
    public KeyRing minus(KeyRing other) {
        List<ApiKey> more = keys.stream()
                .filter(k -> other.keys.stream().noneMatch(o -> o.hash().equals(k.hash())))
                .toList();
        Map<String, Revocation> gone = new LinkedHashMap<>(revoked);
        gone.keySet().removeAll(other.revoked.keySet());
        return new KeyRing(more, gone);
    }

    public boolean isEmpty() {
        return keys.isEmpty() && revoked.isEmpty();
    }
}
