package dev.mcphub.auth;

import java.time.Instant;
import java.util.Set;

/**
 * One API key as stored: its name, the SHA-256 of the key (never the key), what it allows and until when.
 * A key is 256 random bits, so a fast hash is enough: there is nothing to guess from it.
 *
 * @param servers the only servers it may use, or null for all
 * @param expires null for a key that does not expire
 */
public record ApiKey(
        String name, String hash, Set<Permission> permissions, Set<String> servers, Instant created, Instant expires) {

    public ApiKey {
        permissions = Set.copyOf(permissions);
        servers = servers == null ? null : Set.copyOf(servers);
    }

    public boolean expired(Instant now) {
        return expires != null && !now.isBefore(expires);
    }

    public Access access() {
        return new Access("key:" + name, null, permissions, servers);
    }
}
