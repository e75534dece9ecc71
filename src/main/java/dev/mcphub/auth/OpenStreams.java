package dev.mcphub.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

/**
 * The long-lived streams opened with an API key ({@code /api/events}, an MCP session's GET stream): a stream
 * outlives the request that checked its key, so when the key is revoked or expires its connection is closed
 * too, within half a second. Checked by one daemon thread, started with the first such stream.
 */
final class OpenStreams implements AutoCloseable {
    private static final long PERIOD_MS = 500;
    private final Map<EndPoint, String> keyByConnection = new ConcurrentHashMap<>();
    private final Predicate<String> valid;
    private ScheduledExecutorService timer;
    private boolean closed;

    /** @param valid whether the key of this name is still good */
    OpenStreams(Predicate<String> valid) {
        this.valid = valid;
    }

    void watch(Request request, String keyName) {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        keyByConnection.put(endPoint, keyName);
        synchronized (this) {
            if (timer == null && !closed) {
                timer = Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().daemon().name("auth-streams").factory());
                timer.scheduleAtFixedRate(this::check, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void check() {
        try {
            keyByConnection.entrySet().removeIf(entry -> {
                EndPoint endPoint = entry.getKey();
                if (!endPoint.isOpen()) {
                    return true;
                }
                if (!valid.test(entry.getValue())) {
                    endPoint.close();
                    return true;
                }
                return false;
            });
        } catch (RuntimeException e) {
            // One failed round is nothing; the next one comes in half a second.
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
