package dev.mcphub.cli;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.Callback;

/**
 * The requests being answered, so that a stopping hub can let them finish (up to a limit) after it stopped
 * accepting new ones. Standing streams are not counted: they never finish by themselves.
 */
final class InFlight {
    private final AtomicInteger count = new AtomicInteger();
    private final Object lock = new Object();

    /** Counts a request until its callback completes, once, whichever way. */
    Callback track(Callback callback) {
        count.incrementAndGet();
        AtomicBoolean done = new AtomicBoolean();
        return new Callback() {
            @Override
            public void succeeded() {
                finished(done);
                callback.succeeded();
            }

            @Override
            public void failed(Throwable cause) {
                finished(done);
                callback.failed(cause);
            }

            @Override
            public InvocationType getInvocationType() {
                return callback.getInvocationType();
            }
        };
    }

    int count() {
        return count.get();
    }

    /** Waits until no request is in flight, or {@code limit} passed; true when none is left. */
    boolean awaitNone(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (lock) {
            while (count.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    private void finished(AtomicBoolean done) {
        if (done.compareAndSet(false, true) && count.decrementAndGet() == 0) {
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }
}
