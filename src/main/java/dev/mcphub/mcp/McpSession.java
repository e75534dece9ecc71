package dev.mcphub.mcp;

import dev.mcphub.auth.Access;
import dev.mcphub.cluster.SessionRecord;
import dev.mcphub.http.SseChannel;
import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpc;
import dev.mcphub.jsonrpc.JsonRpcMessage;
import dev.mcphub.jsonrpc.JsonRpcMessage.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One client session of the MCP endpoint: what was negotiated, what the client subscribed to, its
 * requests in flight (for cancellation), the hub's requests waiting for the client (for sampling and
 * elicitation), and its standing stream (the GET stream, or the legacy SSE stream).
 */
final class McpSession implements Outbound {
    final String id;
    /** The endpoint path it was opened at: another replica finds the scope again from it. */
    final String endpoint;

    final Scope scope;
    final boolean legacy;
    private volatile Access access;
    private final Map<String, Call> inFlight = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Response>> awaitingClient = new ConcurrentHashMap<>();
    private final AtomicLong hubRequestIds;
    final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    /** Each subscription ({@code server\nuri}) with the URI the client used, for the shared record. */
    final Map<String, String> subscribedAs = new ConcurrentHashMap<>();
    /** In cluster mode: where a message goes when this replica does not hold the client's stream; else null. */
    private volatile Consumer<JsonRpcMessage> relay;
    /** In cluster mode: the record last saved, so that only changes are written. */
    volatile SessionRecord saved;
    /** In cluster mode: the version of the shared record this copy matches. */
    volatile long version;
    /** In cluster mode: the newest version another replica announced (a {@code CHANGED} push). */
    volatile long announced;
    /** In cluster mode: the push epoch in which this copy was last known current; -1 before that. */
    volatile long currentInEpoch = -1;

    volatile long refreshedNanos = System.nanoTime();
    private volatile SseChannel stream;
    private volatile String protocolVersion;
    private volatile JsonNode clientCapabilities = Json.object();
    private volatile JsonNode clientInfo;
    private volatile boolean initialized;
    private volatile String logLevel;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile boolean closed;

    McpSession(Scope scope, boolean legacy, Access access) {
        this(UUID.randomUUID().toString(), "", scope, legacy, access, 0);
    }

    /**
     * @param firstHubRequestId where the ids of the hub's requests to the client start: in a cluster several
     *     replicas may ask the same client, and each copy starts at a random point so that their ids do not meet
     */
    McpSession(String id, String endpoint, Scope scope, boolean legacy, Access access, long firstHubRequestId) {
        this.id = id;
        this.endpoint = endpoint;
        this.scope = scope;
        this.legacy = legacy;
        this.access = access;
        this.hubRequestIds = new AtomicLong(firstHubRequestId);
    }

    /** What another replica needs to continue this session. */
    SessionRecord record() {
        List<SessionRecord.Subscription> subs = new ArrayList<>();
        subscribedAs.forEach((key, clientUri) -> {
            int split = key.indexOf('\n');
            subs.add(new SessionRecord.Subscription(key.substring(0, split), key.substring(split + 1), clientUri));
        });
        subs.sort(java.util.Comparator.comparing(SessionRecord.Subscription::clientUri));
        return new SessionRecord(
                id,
                version,
                endpoint,
                access.who(),
                protocolVersion,
                clientCapabilities,
                clientInfo,
                initialized,
                logLevel,
                subs);
    }

    /** Takes over the state of a session another replica opened. */
    void restore(SessionRecord record) {
        initialize(record.protocolVersion(), record.clientCapabilities(), record.clientInfo());
        initialized = record.initialized();
        logLevel = record.logLevel();
        version = record.version();
        subscribedAs.clear();
        for (SessionRecord.Subscription sub : record.subscriptions()) {
            subscribedAs.put(sub.server() + "\n" + sub.uri(), sub.clientUri());
        }
        saved = record;
    }

    void relay(Consumer<JsonRpcMessage> relay) {
        this.relay = relay;
    }

    /**
     * Sends a message meant for this client alone (a resource update, a server's request): on its stream here, or,
     * in a cluster, through the replica that holds its stream.
     */
    boolean deliver(JsonRpcMessage message) {
        if (send(message)) {
            return true;
        }
        Consumer<JsonRpcMessage> elsewhere = relay;
        if (elsewhere == null || reachable()) {
            return false;
        }
        elsewhere.accept(message);
        return true;
    }

    /** What the session's caller may do, as the door decided on its latest request. */
    Access access() {
        return access;
    }

    /**
     * Whether a request comes from the caller who opened the session; if so, its access (a key's or token's,
     * perhaps renewed) becomes the session's. Another caller cannot use a session id it learnt.
     */
    boolean acceptsFrom(Access caller) {
        if (!caller.who().equals(access.who())) {
            return false;
        }
        access = caller;
        return true;
    }

    /** Whether the session sees a server: its endpoint includes it and its caller may use it. */
    boolean sees(String server) {
        return scope.includes(server) && access.mayUse(server);
    }

    void initialize(String version, JsonNode capabilities, JsonNode info) {
        this.protocolVersion = version;
        this.clientCapabilities = capabilities == null ? Json.object() : capabilities;
        this.clientInfo = info;
    }

    void initialized() {
        this.initialized = true;
    }

    boolean isInitialized() {
        return initialized;
    }

    String protocolVersion() {
        return protocolVersion;
    }

    JsonNode clientInfo() {
        return clientInfo;
    }

    /** Whether the client declared a capability (sampling, elicitation, roots), and its sub-field if given. */
    boolean declared(String capability, @Nullable String mode) {
        JsonNode declared = clientCapabilities.get(capability);
        if (declared == null) {
            return false;
        }
        // Elicitation: "{}" means form mode only (the 2025-06-18 form); url mode must be named.
        return mode == null || declared.has(mode) || ("form".equals(mode) && declared.isEmpty());
    }

    String logLevel() {
        return logLevel;
    }

    void logLevel(String level) {
        this.logLevel = level;
    }

    void touch() {
        lastActivityNanos = System.nanoTime();
    }

    long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** Whether the hub can send the client a message of its own: its standing stream is open. */
    boolean reachable() {
        SseChannel channel = stream;
        return channel != null && channel.isOpen();
    }

    long idleNanos() {
        return stream != null && stream.isOpen() ? 0 : System.nanoTime() - lastActivityNanos;
    }

    /** Attaches the standing stream; false when one is already open (a second GET stream is refused). */
    synchronized boolean attach(SseChannel channel) {
        if (stream != null && stream.isOpen()) {
            return false;
        }
        stream = channel;
        return true;
    }

    SseChannel stream() {
        return stream;
    }

    @Override
    public boolean send(JsonRpcMessage message) {
        SseChannel channel = stream;
        return channel != null && channel.send(Frames.message(message));
    }

    @Override
    public void probe() {
        SseChannel channel = stream;
        if (channel != null) {
            channel.send(Frames.KEEP_ALIVE);
        }
    }

    // --- the client's requests in flight -----------------------------------------------------------

    /** A request being answered: the thread that waits for the server, and where the answer will go. */
    private record Call(Thread worker, Outbound related, long startedNanos) {}

    void started(JsonNode requestId, Thread worker, Outbound related) {
        inFlight.put(JsonRpc.idKey(requestId), new Call(worker, related == null ? this : related, System.nanoTime()));
    }

    void finished(JsonNode requestId) {
        inFlight.remove(JsonRpc.idKey(requestId));
    }

    /** The client cancelled a request: interrupting its worker cancels it at the server too. */
    void cancel(JsonNode requestId) {
        Call call = requestId == null ? null : inFlight.get(JsonRpc.idKey(requestId));
        if (call != null) {
            call.worker().interrupt();
        }
    }

    /** Probes where the answers of calls older than {@code age} will go; a client that is gone is noticed so. */
    void probeCalls(Duration age) {
        long now = System.nanoTime();
        for (Call call : inFlight.values()) {
            if (now - call.startedNanos() >= age.toNanos()) {
                call.related().probe();
            }
        }
    }

    // --- the hub's requests to the client ----------------------------------------------------------

    long nextHubRequestId() {
        return hubRequestIds.incrementAndGet();
    }

    CompletableFuture<Response> awaitClient(long id) {
        CompletableFuture<Response> answer = new CompletableFuture<>();
        awaitingClient.put(id, answer);
        return answer;
    }

    void forget(long id) {
        awaitingClient.remove(id);
    }

    /** A response from the client to one of the hub's requests; false when no request here waits for it. */
    boolean answered(Response response) {
        JsonNode id = response.id();
        CompletableFuture<Response> waiting =
                id != null && id.canConvertToLong() ? awaitingClient.remove(id.asLong()) : null;
        if (waiting != null) {
            waiting.complete(response);
        }
        return waiting != null;
    }

    boolean isClosed() {
        return closed;
    }

    void close() {
        closed = true;
        inFlight.values().forEach(call -> call.worker().interrupt());
        awaitingClient.values().forEach(f -> f.cancel(false));
        SseChannel channel = stream;
        if (channel != null) {
            channel.close();
        }
    }
}
