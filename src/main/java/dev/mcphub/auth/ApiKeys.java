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
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API keys a running hub accepts, and the operations of {@code mcp-hub keys}. The hub looks at the key
 * file again when it was last looked at more than {@link #RECHECK_NANOS} ago, so a key created or revoked
 * from another process takes effect on the next request after that, well within a second, with no thread.
 * A presented key is hashed and compared with every stored hash in constant time.
 *
 * <p>In a cluster the keys are also in {@link SharedKeys}: what the hub accepts is the union of its file and the
 * store, less every revocation either knows ({@link KeyRing}); the store is read again when it says it changed or
 * came back, and each side is given what it lacks, so the file stays a full fallback while the store is away and
 * a store that lost everything gets it back, revocations included.
 */
public final class ApiKeys {
    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    static final long RECHECK_NANOS = 200_000_000L;
    /**
     * How old what the shared store said may get before a request reads it again: its channel says every change at
     * once, but a message sent while this replica was resubscribing after an outage is not heard again.
     */
    static final long STORE_RECHECK_NANOS = 5_000_000_000L;
    /** Every key starts with this, so a key pasted somewhere it should not be is easy to recognise and scan for. */
    public static final String PREFIX = "mcphub_";

    private final KeyFile file;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile Loaded loaded = new Loaded(List.of(), null);
    private volatile long checkedNanos = System.nanoTime() - 2 * RECHECK_NANOS;
    private volatile SharedKeys shared = SharedKeys.NONE;
    /** What the store held when last read: kept while it is away, so the replica goes on with what it knew. */
    private volatile KeyRing fromStore = KeyRing.EMPTY;

    private volatile boolean storeChanged = true;
    private volatile long storeReadNanos = System.nanoTime();

    public ApiKeys(KeyFile file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** Shares the keys with other replicas; before the first request. */
    public void share(SharedKeys store) {
        this.shared = store;
        store.onChange(() -> {
            storeChanged = true;
            // At once, not at the next request: a store back empty must get this replica's revocations soon.
            reload();
        });
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
        KeyRing local = file.read();
        if (everywhere(local).keys().stream().anyMatch(k -> k.name().equals(name))) {
            throw new IllegalArgumentException("a key named '" + name + "' exists already (revoke it first)");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        KeyRing added = new KeyRing(
                List.of(new ApiKey(name, hash(key), permissions, servers, clock.instant(), expires, profiles)),
                Map.of());
        file.write(local.union(added));
        shared.add(added);
        return key;
    }

    /** Revokes every key of that name, here and in the shared store; false when there is none. */
    public boolean revoke(String name) throws IOException {
        KeyRing local = file.read();
        List<ApiKey> named = everywhere(local).keys().stream()
                .filter(k -> k.name().equals(name))
                .toList();
        if (named.isEmpty()) {
            return false;
        }
        KeyRing revocation = KeyRing.revoking(named, clock.instant());
        file.write(local.union(revocation));
        shared.add(revocation);
        return true;
    }

    /** The keys of the file and of the shared store, less the revoked ones. */
    public List<ApiKey> list() throws IOException {
        return everywhere(file.read()).keys();
    }

    private KeyRing everywhere(KeyRing local) {
        KeyRing store = shared.read();
        return store == null ? local : local.union(store);
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
        if (shared != SharedKeys.NONE && now - storeReadNanos > STORE_RECHECK_NANOS) {
            storeChanged = true;
        }
        if (storeChanged || !Objects.equals(version(), loaded.version())) {
            reload();
        }
    }

    /** Reads the file and the store, gives each what it lacks, and accepts the union of both, less revocations. */
    private synchronized void reload() {
        try {
            KeyRing local = file.read();
            SharedKeys store = shared;
            boolean changed = storeChanged;
            storeChanged = false;
            if (changed) {
                storeReadNanos = System.nanoTime();
            }
            KeyRing held = changed ? store.read() : fromStore;
            if (held == null) {
                storeChanged = true; // Away: read it again when it answers (it says so).
                held = fromStore;
            } else {
                fromStore = held;
            }
            KeyRing all = local.union(held);
            if (!all.minus(local).isEmpty()) {
                file.write(all);
            }
            KeyRing lacking = all.minus(held);
            if (store != SharedKeys.NONE && !lacking.isEmpty() && store.add(lacking)) {
                fromStore = held.union(lacking);
            }
            loaded = new Loaded(all.keys(), version());
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
