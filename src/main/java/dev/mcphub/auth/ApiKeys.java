package dev.mcphub.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API keys a running hub accepts, and the operations of {@code mcp-hub keys}. The hub looks at the key
 * file again when it was last looked at more than {@link #RECHECK_NANOS} ago, so a key created or revoked
 * from another process takes effect on the next request after that, well within a second, with no thread.
 * A presented key is hashed and compared with every stored hash in constant time.
 */
public final class ApiKeys {
    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    static final long RECHECK_NANOS = 200_000_000L;
    /** Every key starts with this, so a key pasted somewhere it should not be is easy to recognise and scan for. */
    public static final String PREFIX = "mcphub_";

    private final KeyFile file;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile Loaded loaded = new Loaded(List.of(), null);
    private volatile long checkedNanos = System.nanoTime() - 2 * RECHECK_NANOS;

    public ApiKeys(KeyFile file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** The access a presented key grants, or null when it is unknown, revoked or expired. */
    public Access check(String presented) {
        refresh();
        byte[] hash = hashBytes(presented);
        ApiKey match = null;
        for (ApiKey key : loaded.keys()) {
            // No early exit: every stored hash is compared, each in constant time.
            if (MessageDigest.isEqual(hash, HexFormat.of().parseHex(key.hash())) && match == null) {
                match = key;
            }
        }
        return match == null || match.expired(clock.instant()) ? null : match.access();
    }

    /** Whether the key of this name is still stored and not expired (for streams opened with it). */
    public boolean stillValid(String name) {
        refresh();
        return loaded.keys().stream().anyMatch(k -> k.name().equals(name) && !k.expired(clock.instant()));
    }

    /** Whether a key file exists (then keys are on by default). */
    public boolean configured() {
        return file.exists();
    }

    /** Whether the key file exists, as last looked at (at most {@link #RECHECK_NANOS} ago): cheap per request. */
    public boolean present() {
        refresh();
        return !"absent".equals(loaded.version()) && loaded.version() != null;
    }

    /** Creates a key; returns the key itself, which is shown once and never stored. */
    public String create(String name, Set<Permission> permissions, Set<String> servers, Instant expires)
            throws IOException {
        return create(name, permissions, servers, expires, null);
    }

    /** Creates a key bound to profiles ({@code null} for none); returns the key, shown once and never stored. */
    public String create(
            String name, Set<Permission> permissions, Set<String> servers, Instant expires, Set<String> profiles)
            throws IOException {
        List<ApiKey> keys = new ArrayList<>(file.read());
        if (keys.stream().anyMatch(k -> k.name().equals(name))) {
            throw new IllegalArgumentException("a key named '" + name + "' exists already (revoke it first)");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        keys.add(new ApiKey(name, hash(key), permissions, servers, clock.instant(), expires, profiles));
        file.write(keys);
        return key;
    }

    /** Removes a key; false when there is none of that name. */
    public boolean revoke(String name) throws IOException {
        List<ApiKey> keys = new ArrayList<>(file.read());
        boolean removed = keys.removeIf(k -> k.name().equals(name));
        if (removed) {
            file.write(keys);
        }
        return removed;
    }

    public List<ApiKey> list() throws IOException {
        return file.read();
    }

    static String hash(String key) {
        return HexFormat.of().formatHex(hashBytes(key));
    }

    private static byte[] hashBytes(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void refresh() {
        long now = System.nanoTime();
        if (now - checkedNanos < RECHECK_NANOS) {
            return;
        }
        checkedNanos = now;
        Object version = version();
        if (Objects.equals(version, loaded.version())) {
            return;
        }
        try {
            loaded = new Loaded(List.copyOf(file.read()), version);
        } catch (IOException | RuntimeException e) {
            // A broken file keeps the last good keys; the operator sees why.
            log.warn("cannot read API keys from {}: {}", file.path(), e.getMessage());
        }
    }

    /** What identifies one version of the file: the rename of an atomic write changes the inode and time. */
    private Object version() {
        try {
            BasicFileAttributes a = Files.readAttributes(file.path(), BasicFileAttributes.class);
            return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime().toString(), a.size());
        } catch (IOException e) {
            return "absent";
        }
    }

    private record Loaded(List<ApiKey> keys, Object version) {}
}
