package dev.mcphub.events;

import java.util.ArrayList;
import java.util.List;

/**
 * The last events sent, by id, so that a client reconnecting with {@code Last-Event-ID} gets what it
 * missed. Bounded: older events fall out.
 */
final class ReplayBuffer {
    private final long[] ids;
    private final byte[][] frames;
    private int next;
    private int size;

    ReplayBuffer(int capacity) {
        this.ids = new long[capacity];
        this.frames = new byte[capacity][];
    }

    synchronized void add(long id, byte[] frame) {
        ids[next] = id;
        frames[next] = frame;
        next = (next + 1) % ids.length;
        size = Math.min(size + 1, ids.length);
    }

    /** The frames after {@code lastSeen}, oldest first; all retained ones when it is older than the buffer. */
    synchronized List<byte[]> after(long lastSeen) {
        List<byte[]> missed = new ArrayList<>();
        int start = (next - size + ids.length) % ids.length;
        for (int i = 0; i < size; i++) {
            int at = (start + i) % ids.length;
            if (ids[at] > lastSeen) {
                missed.add(frames[at]);
            }
        }
        return missed;
    }
}
