package dev.mcphub.auth;

import java.time.Instant;
import java.util.Set;

/**
 * One API key as stored: its name, the SHA-256 of the key (never the key), what it allows and until when.
 * A key is 256 random bits, so a fast hash is enough: there is nothing to guess from it.
 *
 * @param servers the only servers it may use, or null for all
 * @param expires null for a key that does not expire
 * @param profiles the only profiles whose endpoints it may use, or null for any endpoint
 */
public record ApiKey(
        String name,
        String hash,
        Set<Permission> permissions,
        Set<String> servers,
        Instant created,
        Instant expires,
        Set<String> profiles) {

    public ApiKey {
        permissions = Set.copyOf(permissions);
        servers = servers == null ? null : Set.copyOf(servers);
        profiles = profiles == null ? null : Set.copyOf(profiles);
    }

    /** A key not bound to profiles. */
    public ApiKey(
            String name,
            String hash,
            Set<Permission> permissions,
            Set<String> servers,
            Instant created,
            Instant expires) {
        this(name, hash, permissions, servers, created, expires, null);
    }

    public boolean expired(Instant now) {
        return expires != null && !now.isBefore(expires);
    }

    public Access access() {
        return new Access("key:" + name, null, permissions, servers, profiles);
    }
}
