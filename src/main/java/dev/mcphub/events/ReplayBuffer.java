package dev.mcphub.events;

import java.util.ArrayList;
import java.util.List;

/**
 * The last events sent, by id, so that a client reconnecting with {@code Last-Event-ID} gets what it
 * missed. Bounded: older events fall out.
 */
final class ReplayBuffer {
    private final Frame[] frames;
    private int next;
    private int size;

    ReplayBuffer(int capacity) {
        this.frames = new Frame[capacity];
    }

    synchronized void add(Frame frame) {
        frames[next] = frame;
        next = (next + 1) % frames.length;
        size = Math.min(size + 1, frames.length);
    }

    /** The frames after {@code lastSeen}, oldest first; all retained ones when it is older than the buffer. */
    synchronized List<Frame> after(long lastSeen) {
        List<Frame> missed = new ArrayList<>();
        int start = (next - size + frames.length) % frames.length;
        for (int i = 0; i < size; i++) {
            Frame frame = frames[(start + i) % frames.length];
            if (frame.id() > lastSeen) {
                missed.add(frame);
            }
        }
        return missed;
    }
}
