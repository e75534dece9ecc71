package dev.mcphub.auth;

import dev.mcphub.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code api-keys.json} in the state directory: {@code {"keys": [{name, sha256, scopes, servers?, created,
 * expires?}], "revoked": [{sha256, name, revoked}]}}. Written owner-only (0600) through a temporary file and an
 * atomic rename, so a running hub never reads half a file. Revocations are kept (hashes only) so that a key
 * revoked here can never come back from another replica or a Redis that still holds it.
 */
public final class KeyFile {
    private final Path file;

    public KeyFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    public boolean exists() {
        return Files.exists(file);
    }

    /** The stored keys and revocations; none when the file does not exist. */
    public KeyRing read() throws IOException {
        if (!Files.exists(file)) {
            return KeyRing.EMPTY;
        }
        JsonNode root = Json.parse(Files.readAllBytes(file));
        List<ApiKey> keys = new ArrayList<>();
        for (JsonNode node : Json.elements(root.path("keys"))) {
            keys.add(fromJson(node));
        }
        Map<String, KeyRing.Revocation> revoked = new LinkedHashMap<>();
        for (JsonNode node : Json.elements(root.path("revoked"))) {
            KeyRing.Revocation r = KeyRing.Revocation.fromJson(node);
            revoked.put(r.hash(), r);
        }
        return new KeyRing(keys, revoked);
    }

    public void write(KeyRing ring) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        ObjectNode root = Json.object();
        ArrayNode list = root.putArray("keys");
        ring.keys().forEach(key -> list.add(toJson(key)));
        if (!ring.revoked().isEmpty()) {
            ArrayNode revoked = root.putArray("revoked");
            ring.revoked().values().forEach(r -> revoked.add(r.toJson()));
        }
        Path temp = Files.createTempFile(dir, ".api-keys", ".tmp", ownerOnly());
        try {
            Files.write(temp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        boolean posix = java.nio.file.FileSystems.getDefault()
                .supportedFileAttributeViews()
                .contains("posix");
        return posix
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                }
                : new FileAttribute<?>[0];
    }

    /** One key as stored, here and in a cluster's Redis: its hash, never the key. */
    public static ObjectNode toJson(ApiKey key) {
        ObjectNode node = Json.object();
        node.put("name", key.name());
        node.put("sha256", key.hash());
        ArrayNode scopes = node.putArray("scopes");
        for (Permission p : Permission.values()) {
            if (key.permissions().contains(p)) {
                scopes.add(p.word());
            }
        }
        if (key.servers() != null) {
            ArrayNode servers = node.putArray("servers");
            key.servers().stream().sorted().forEach(servers::add);
        }
        if (key.profiles() != null) {
            ArrayNode profiles = node.putArray("profiles");
            key.profiles().stream().sorted().forEach(profiles::add);
        }
        node.put("created", key.created().toString());
        if (key.expires() != null) {
            node.put("expires", key.expires().toString());
        }
        return node;
    }

    public static ApiKey fromJson(JsonNode node) {
        Set<Permission> permissions = new LinkedHashSet<>();
        for (JsonNode scope : Json.elements(node.path("scopes"))) {
            Permission p = Permission.parse(scope.asString(""));
            if (p != null) {
                permissions.add(p);
            }
        }
        Set<String> servers = null;
        if (node.has("servers")) {
            servers = new LinkedHashSet<>();
            for (JsonNode server : Json.elements(node.get("servers"))) {
                servers.add(server.asString(""));
            }
        }
        Set<String> profiles = null;
        if (node.has("profiles")) {
            profiles = new LinkedHashSet<>();
            for (JsonNode profile : Json.elements(node.get("profiles"))) {
                profiles.add(profile.asString(""));
            }
        }
        String expires = Json.string(node, "expires");
        return new ApiKey(
                Json.string(node, "name"),
                Json.string(node, "sha256"),
                permissions,
                servers,
                Instant.parse(node.path("created").asString(Instant.EPOCH.toString())),
                expires == null ? null : Instant.parse(expires),
                profiles);
    }
}
