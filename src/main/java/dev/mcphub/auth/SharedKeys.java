package dev.mcphub.auth;

import org.jspecify.annotations.Nullable;

/**
 * Where replicas of one hub keep their API keys and revocations together, so that a key created on one works on
 * all and a key revoked on one is refused by all. It only ever grows ({@link KeyRing}): nothing is removed, a
 * revocation is added, so a store that comes back from an outage, empty or stale, cannot undo one. {@link #NONE}
 * (one hub) shares nothing: the key file is then the only store. An implementation never throws.
 */
public interface SharedKeys {
    /** What the store holds, or null when it cannot be read now (the replica goes on with what it knows). */
    @Nullable
    KeyRing read();

    /** Adds keys and revocations (never removes anything) and tells the other replicas; false when unreachable. */
    boolean add(KeyRing more);

    /** Who is told that another replica added something, or that the store answers again after it did not. */
    void onChange(Runnable listener);

    SharedKeys NONE = new SharedKeys() {
        @Override
        public KeyRing read() {
            return KeyRing.EMPTY;
        }

        @Override
        public boolean add(KeyRing more) {
            return true;
        }

        @Override
        public void onChange(Runnable listener) {}
    };
}
