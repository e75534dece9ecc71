package dev.mcphub.mcp;

import dev.mcphub.auth.Access;
import dev.mcphub.cluster.Push;
import dev.mcphub.cluster.SessionRecord;
import dev.mcphub.cluster.SharedSessions;
import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpc;
import dev.mcphub.jsonrpc.JsonRpcMessage;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode for 2025-era sessions: a session's record goes to the shared store when it changes (its TTL is
 * refreshed, at most every few seconds, while it is used), a replica that meets an unknown session id continues it
 * from its record, and messages travel to the replica that holds the client's stream or waits for its answer.
 */
final class SessionSharing {
    private static final Logger log = LoggerFactory.getLogger(SessionSharing.class);
    /** JSON-RPC ids must stay exact in JavaScript: below 2^53. */
    private static final long ID_SPACE = 1L << 52;

    private final SharedSessions shared;
    private final Sessions sessions;
    private final Function<String, @Nullable Scope> scopes;
    private final long refreshEveryNanos;
    /** Takes up the resource subscriptions of a session continued here (its record may name new ones). */
    private final java.util.function.Consumer<McpSession> adopt;

    SessionSharing(
            SharedSessions shared,
            Sessions sessions,
            Function<String, @Nullable Scope> scopes,
            Duration ttl,
            java.util.function.Consumer<McpSession> adopt) {
        this.shared = shared;
        this.adopt = adopt;
        this.sessions = sessions;
        this.scopes = scopes;
        this.refreshEveryNanos =
                Math.min(ttl.toNanos() / 4, Duration.ofSeconds(10).toNanos());
        shared.onPush(this::received);
        shared.onReconnect(this::reconcile);
    }

    McpSession open(Scope scope, String endpoint, Access access) {
        McpSession session = new McpSession(
                java.util.UUID.randomUUID().toString(), endpoint, scope, false, access, firstRequestId());
        session.relay(message -> toClient(session.id, message));
        return session;
    }

    /** The session of another replica, continued here; null when it is unknown, expired or someone else's. */
    @Nullable
    McpSession restore(String id, Access caller) {
        long epoch = shared.pushEpoch();
        SessionRecord record = shared.load(id).orElse(null);
        if (record == null || !record.who().equals(caller.who())) {
            return null;
        }
        Scope scope = scopes.apply(record.endpoint());
        if (scope == null) {
            return null;
        }
        McpSession session = new McpSession(id, record.endpoint(), scope, false, caller, firstRequestId());
        session.restore(record);
        session.currentInEpoch = epoch; // Pushes from here on tell it of newer versions.
        session.relay(message -> toClient(id, message));
        adopt.accept(session);
        log.debug("session {} continues on replica {}", id, shared.replica());
        return session;
    }

    /**
     * Brings this replica's copy of a session up to the shared record before a request: another replica may have
     * changed it (a log level, a subscription). A replica that saves a change announces it ({@code CHANGED}), so
     * while this replica has heard every push since its copy was last current, and none announced a newer version,
     * the copy is current and no GET is made (the profile of a warm K=8 run showed the GET and the parse of the
     * record, on every request, as 14% of the hub's CPU samples, and the round trip is on the call's path). When the
     * push channel was interrupted (Redis away, restarted), or a newer version was announced, one GET; a record
     * that is missing (Redis restarted empty) is saved again from this copy. Skipped while Redis is unreachable.
     */
    void catchUp(McpSession session) {
        if (!shared.reachable()) {
            return;
        }
        long epoch = shared.pushEpoch();
        long heard = session.announced;
        if (session.currentInEpoch == epoch && heard <= session.version) {
            return;
        }
        SessionRecord record = shared.load(session.id).orElse(null);
        if (record == null) {
            if (shared.reachable()) {
                save(session, session.record());
            }
        } else if (record.version() > session.version) {
            session.restore(record);
            adopt.accept(session);
        }
        if (session.announced == heard && heard > session.version) {
            // The announced version is not in Redis (it restarted and an older copy was saved again): what Redis
            // has is the record now, else every request would read it again.
            session.announced = session.version;
        }
        if (shared.reachable()) {
            session.currentInEpoch = epoch; // Read after the epoch: a push heard since then is not lost.
        }
    }

    void saveIfChanged(McpSession session) {
        SessionRecord now = session.record();
        long nanos = System.nanoTime();
        if (!now.equals(session.saved)) {
            session.version++;
            save(session, session.record());
            // Before the answer leaves: the client's next request may reach another replica at once.
            shared.publish(new Push(Push.Kind.CHANGED, session.id, shared.replica(), Long.toString(session.version)));
        } else if (nanos - session.refreshedNanos > refreshEveryNanos) {
            session.refreshedNanos = nanos;
            if (!shared.refresh(session.id)) {
                save(session, session.record()); // Redis lost it (evicted, restarted): this copy is the record.
            }
        }
    }

    private void save(McpSession session, SessionRecord record) {
        long epoch = shared.pushEpoch();
        shared.save(record);
        session.saved = record;
        session.refreshedNanos = System.nanoTime();
        if (shared.reachable()) {
            session.currentInEpoch = epoch;
        }
    }

    void ended(String id) {
        shared.remove(id);
        shared.publish(new Push(Push.Kind.END, id, shared.replica(), ""));
    }

    /** A client's answer that no request here waits for: the replica that asked gets it. */
    void answer(String id, JsonRpcMessage.Response response) {
        shared.publish(new Push(Push.Kind.ANSWER, id, shared.replica(), Json.text(response.toJson())));
    }

    private void toClient(String id, JsonRpcMessage message) {
        shared.publish(new Push(Push.Kind.TO_CLIENT, id, shared.replica(), Json.text(message.toJson())));
    }

    private void received(Push push) {
        McpSession session = sessions.get(push.session());
        if (session == null) {
            return;
        }
        switch (push.kind()) {
            case TO_CLIENT -> session.send(read(push));
            case ANSWER -> {
                if (read(push) instanceof JsonRpcMessage.Response response) {
                    session.answered(response);
                }
            }
            case END -> sessions.end(session);
            case CHANGED -> changed(session, push);
        }
    }

    /**
     * Another replica saved a newer version: the next request here reads it, and a copy that only holds the
     * client's stream (and so sees no request) catches up now, for the notifications it filters by that state.
     */
    private void changed(McpSession session, Push push) {
        long version;
        try {
            version = Long.parseLong(push.message());
        } catch (NumberFormatException e) {
            session.currentInEpoch = -1; // Unreadable: the next request reads the record once.
            return;
        }
        if (version > session.announced) {
            session.announced = version;
        }
        if (version > session.version) {
            Thread.ofVirtual().name("session-catch-up").start(() -> catchUp(session));
        }
    }

    private static JsonRpcMessage read(Push push) {
        try {
            return JsonRpc.read(Json.parse(push.message()));
        } catch (JsonRpc.MalformedMessageException e) {
            throw new IllegalArgumentException("a malformed message in a push: " + e.getMessage(), e);
        }
    }

    /** Redis answers again, perhaps restarted empty: the sessions this replica holds are saved where its copy is newer. */
    private void reconcile() {
        int count = 0;
        for (McpSession session : sessions.all()) {
            if (!session.legacy && !session.isClosed()) {
                SessionRecord stored = shared.load(session.id).orElse(null);
                if (stored == null || stored.version() < session.version) {
                    save(session, session.record()); // The newest copy wins; an older one leaves it be.
                    count++;
                }
            }
        }
        log.info("re-saved {} session(s) to the shared store", count);
    }

    private static long firstRequestId() {
        return ThreadLocalRandom.current().nextLong(ID_SPACE / 2);
    }
}
