package dev.mcphub.cli;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --auto-shutdown}: when the last {@code /api/events} client leaves, the hub's workspace entry goes
 * {@code shutting_down} and the hub stops after the delay, unless a client comes back first (the entry is
 * {@code active} again). As in the reference, only a disconnect starts the countdown: a hub that never had
 * a client runs on.
 */
final class AutoShutdown implements IntConsumer, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AutoShutdown.class);

    private final Duration delay;
    private final Workspaces workspaces;
    private final Runnable stop;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("auto-shutdown-timer").factory());
    private int clients;
    private ScheduledFuture<?> countdown;
    /** Which countdown is current, so that a cancelled one that fires anyway does nothing. */
    private long countdowns;

    private boolean closed;

    /** @param stop stops the hub; it runs on a thread of its own */
    AutoShutdown(Duration delay, Workspaces workspaces, Runnable stop) {
        this.delay = delay;
        this.workspaces = workspaces;
        this.stop = stop;
    }

    /** Hears the number of event-stream clients after each connect and disconnect. */
    @Override
    public synchronized void accept(int count) {
        if (closed) {
            return;
        }
        if (count == 0 && clients > 0 && countdown == null) {
            log.info("The last event client left: stopping in {} ms unless one connects", delay.toMillis());
            workspaces.shuttingDown(delay);
            long current = ++countdowns;
            countdown = timer.schedule(() -> expire(current), delay.toMillis(), TimeUnit.MILLISECONDS);
        } else if (count > 0 && countdown != null) {
            countdown.cancel(false);
            countdown = null;
            workspaces.active();
            log.info("An event client connected: the auto-shutdown is cancelled");
        }
        clients = count;
    }

    @Override
    public synchronized void close() {
        closed = true;
        timer.shutdownNow();
    }

    private void expire(long which) {
        synchronized (this) {
            if (closed || countdown == null || which != countdowns) {
                return;
            }
            closed = true;
        }
        log.info("No event client came back: stopping the hub");
        // Not on the timer's thread: stopping the hub closes this timer, which would interrupt itself.
        Thread.ofPlatform().name("auto-shutdown").start(stop);
    }
}
