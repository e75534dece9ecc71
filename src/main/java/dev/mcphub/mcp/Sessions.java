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
    private volatile SessionSharing sharing;

    Sessions(McpSettings settings, Consumer<McpSession> onEnd) {
        this.settings = settings;
        this.onEnd = onEnd;
    }

    /** Cluster mode: sessions are shared through {@code sharing}; before {@link #start()}. */
    void share(SessionSharing sharing) {
        this.sharing = sharing;
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
        return open(scope, "", legacy, access);
    }

    /** A new session opened at {@code endpoint}, or null when {@code maxSessions} are open already. */
    McpSession open(Scope scope, String endpoint, boolean legacy, dev.mcphub.auth.Access access) {
        if (byId.size() >= settings.maxSessions()) {
            return null;
        }
        SessionSharing shared = legacy ? null : sharing;
        McpSession session =
                shared == null ? new McpSession(scope, legacy, access) : shared.open(scope, endpoint, access);
        byId.put(session.id, session);
        if (shared != null) {
            shared.saveIfChanged(session);
        }
        return session;
    }

    /** Whether sessions are shared with other replicas (cluster mode). */
    boolean shared() {
        return sharing != null;
    }

    McpSession get(String id) {
        return id == null ? null : byId.get(id);
    }

    /**
     * The session named {@code id} for {@code caller}: this replica's, or in a cluster one another replica opened
     * (its shared record, if it lives and belongs to the caller), which this replica then continues.
     */
    McpSession resume(String id, dev.mcphub.auth.Access caller) {
        McpSession session = get(id);
        SessionSharing shared = sharing;
        if (session != null && shared != null && !session.legacy) {
            shared.catchUp(session);
        }
        if (session != null || id == null || shared == null) {
            return session;
        }
        McpSession restored = shared.restore(id, caller);
        return restored == null ? null : byId.computeIfAbsent(id, key -> restored);
    }

    /** After a request of a session: in a cluster its record is saved when it changed, else its TTL refreshed. */
    void used(McpSession session) {
        SessionSharing shared = sharing;
        if (shared != null && !session.legacy) {
            shared.saveIfChanged(session);
        }
    }

    /** A client's answer no request of this replica waits for: in a cluster another replica may. */
    void unanswered(McpSession session, dev.mcphub.jsonrpc.JsonRpcMessage.Response response) {
        SessionSharing shared = sharing;
        if (shared != null && !session.legacy) {
            shared.answer(session.id, response);
        }
    }

    /** The client ended the session (DELETE): here, in the shared store and on every other replica. */
    void terminate(McpSession session) {
        end(session);
        SessionSharing shared = sharing;
        if (shared != null && !session.legacy) {
            shared.ended(session.id);
        }
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
                end(session); // Here only: in a cluster the shared record lives on until its own TTL.
            } else if (stream != null && stream.isOpen()) {
                used(session); // A client that only listens keeps its session alive.
            }
        }
    }
}
