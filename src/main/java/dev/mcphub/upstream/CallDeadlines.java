package dev.mcphub.upstream;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Enforces the timeouts of requests whose caller is itself busy reading the answer (Streamable HTTP sends and
 * reads on the caller's thread, so nobody waits on a clock there). One thread for the whole hub checks the
 * watched calls every {@link #TICK_NANOS}; it keeps ticking for a while after the last call ended, so that a
 * steady stream of calls never has to wake it (a wake-up per call is what the inline path exists to save), and
 * parks when the hub is idle, costing nothing then.
 */
final class CallDeadlines {
    /** A call under watch. */
    interface Watched {
        /** Whether the call has run out of time at {@code now} (System.nanoTime). */
        boolean expired(long now);

        /** Ends the call for having run out of time; runs on the watchdog's thread, must not block long. */
        void expire();
    }

    static final CallDeadlines SHARED = new CallDeadlines();

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Set<Watched> calls = ConcurrentHashMap.newKeySet();
    private volatile @Nullable Thread thread;
    private volatile boolean parked;

    private CallDeadlines() {}

    void watch(Watched call) {
        calls.add(call);
        Thread t = thread;
        if (t == null) {
            start();
        } else if (parked) {
            LockSupport.unpark(t);
        }
    }

    void unwatch(Watched call) {
        calls.remove(call);
    }

    private synchronized void start() {
        if (thread == null) {
            thread = Thread.ofPlatform().daemon().name("mcp-hub-call-deadlines").start(this::run);
        }
    }

    private void run() {
        long lastBusy = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            for (Watched call : calls) {
                if (call.expired(now) && calls.remove(call)) {
                    call.expire();
                }
            }
            if (!calls.isEmpty()) {
                lastBusy = now;
            } else if (now - lastBusy > LINGER_NANOS) {
                parked = true;
                if (calls.isEmpty()) {
                    LockSupport.park(this); // watch() unparks; a spurious return just ticks once more
                }
                parked = false;
                lastBusy = System.nanoTime();
                continue;
            }
            LockSupport.parkNanos(this, TICK_NANOS);
        }
    }
}
