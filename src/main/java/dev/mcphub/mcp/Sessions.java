package dev.mcphub.mcp;

import dev.mcphub.http.SseChannel;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open sessions. One timer thread keeps quiet streams alive with a comment and ends sessions that
 * have been idle (no requests, no open stream) for too long: clients that vanish without saying goodbye.
 */
final class Sessions implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Sessions.class);
    private final McpSettings settings;
    private final Map<String, McpSession> byId = new ConcurrentHashMap<>();
    private final Consumer<McpSession> onEnd;
    private ScheduledExecutorService timer;

    Sessions(McpSettings settings, Consumer<McpSession> onEnd) {
        this.settings = settings;
        this.onEnd = onEnd;
    }

    void start() {
        timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("mcp-sessions").factory());
        long period = settings.keepAlive().toMillis();
        timer.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
        long probe = settings.callProbe().toMillis();
        timer.scheduleAtFixedRate(this::probeCalls, probe, probe, TimeUnit.MILLISECONDS);
    }

    /** A new session, or null when {@code maxSessions} are open already. */
    McpSession open(Scope scope, boolean legacy, dev.mcphub.auth.Access access) {
        if (byId.size() >= settings.maxSessions()) {
            return null;
        }
        McpSession session = new McpSession(scope, legacy, access);
        byId.put(session.id, session);
        return session;
    }

    McpSession get(String id) {
        return id == null ? null : byId.get(id);
    }

    Collection<McpSession> all() {
        return byId.values();
    }

    int count() {
        return byId.size();
    }

    void end(McpSession session) {
        if (byId.remove(session.id) != null) {
            session.close();
            onEnd.accept(session);
        }
    }

    /** The most verbose log level any session that sees {@code server} asked for, or null. */
    String mostVerboseLevel(String server) {
        String level = null;
        for (McpSession session : byId.values()) {
            if (session.sees(server)) {
                level = LogLevels.moreVerbose(level, session.logLevel());
            }
        }
        return level;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        byId.values().forEach(this::end);
    }

    private void probeCalls() {
        try {
            byId.values().forEach(session -> session.probeCalls(settings.callProbe()));
        } catch (RuntimeException e) {
            // A throwing task would never run again; one failed probe round is nothing.
            log.warn("probing calls in flight failed", e);
        }
    }

    private void tick() {
        long idleLimit = settings.sessionIdleTimeout().toNanos();
        long keepAlive = settings.keepAlive().toNanos();
        long now = System.nanoTime();
        for (McpSession session : byId.values()) {
            SseChannel stream = session.stream();
            if (stream != null && stream.isOpen() && now - stream.lastWriteNanos() >= keepAlive) {
                stream.send(Frames.KEEP_ALIVE);
            }
            if (session.idleNanos() > idleLimit || (session.legacy && (stream == null || !stream.isOpen()))) {
                end(session);
            }
        }
    }
}
