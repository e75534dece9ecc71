package dev.mcphub.mcp;

import dev.mcphub.audit.AuditTrail;
import dev.mcphub.auth.Access;
import dev.mcphub.hub.Hub;
import dev.mcphub.hub.HubEvent;
import dev.mcphub.profiles.Profiles;
import dev.mcphub.tracing.Tracing;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP endpoints of the hub: {@code /mcp} (every server, namespaced) and {@code /servers/<name>/mcp}
 * (one server as it is), each over Streamable HTTP and the legacy HTTP+SSE transport ({@code GET} without
 * a session opens a legacy stream; its messages are POSTed to {@code /messages} or {@code
 * /servers/<name>/messages}).
 */
public final class McpEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(McpEndpoint.class);
    private static final String SERVERS = "/servers/";
    private static final String PROFILES = "/profiles/";

    private final Hub hub;
    private final Sessions sessions;
    private final Subscriptions subscriptions;
    private final StreamableHttp streamable;
    private final LegacySse legacy;
    private final Notifier notifier;
    private final Reconnections reconnections;
    private final LogTaps logTaps = new LogTaps();
    private final ListenStreams listens;
    private final StatelessHttp stateless;
    /** The scope of {@code /mcp}: one for all its sessions, which share what servers handed out. */
    private final Scope.Aggregate aggregate = new Scope.Aggregate(new Sightings());

    private final Profiles profiles;

    public McpEndpoint(Hub hub, McpSettings settings) {
        this(hub, settings, new Profiles(hub), Tracing.OFF, AuditTrail.off());
    }

    public McpEndpoint(Hub hub, McpSettings settings, Profiles profiles, Tracing tracing) {
        this(hub, settings, profiles, tracing, AuditTrail.off());
    }

    public McpEndpoint(Hub hub, McpSettings settings, Profiles profiles) {
        this(hub, settings, profiles, Tracing.OFF, AuditTrail.off());
    }

    /**
     * @param tracing spans for each client request (off: {@link Tracing#OFF})
     * @param audit where tool calls, prompt gets and resource reads are recorded
     */
    public McpEndpoint(Hub hub, McpSettings settings, Profiles profiles, Tracing tracing, AuditTrail audit) {
        this.hub = hub;
        this.profiles = profiles;
        this.subscriptions = new Subscriptions(hub);
        this.sessions = new Sessions(settings, subscriptions::removeAll);
        Dispatcher dispatcher = new Dispatcher(hub, settings, subscriptions, sessions, tracing, new McpAccess(audit));
        this.listens = new ListenStreams(hub, subscriptions, settings, profiles);
        this.stateless = new StatelessHttp(
                new StatelessDispatcher(hub, settings, logTaps, new McpAccess(audit)), listens, settings);
        this.streamable = new StreamableHttp(sessions, dispatcher, settings, stateless);
        this.legacy = new LegacySse(sessions, dispatcher, settings, tracing);
        this.notifier = new Notifier(hub, sessions, subscriptions, profiles);
        this.reconnections = new Reconnections(hub, subscriptions);
        hub.serverRequests(new ServerRequestForwarder(sessions, settings));
        hub.subscribe(this::onEvent);
    }

    /**
     * Cluster mode: 2025-era sessions are shared through {@code shared} (records with the sessions' idle timeout as
     * TTL, messages to whichever replica holds a client's stream). Before {@link #start()}.
     */
    public McpEndpoint cluster(dev.mcphub.cluster.SharedSessions shared, java.time.Duration ttl) {
        if (shared.enabled()) {
            sessions.share(new SessionSharing(shared, sessions, this::scopeAt, ttl, subscriptions::adopt));
        }
        return this;
    }

    /** The scope of a Streamable HTTP endpoint path, or null when there is none (any more). */
    private Scope scopeAt(String path) {
        Target target = target(path);
        if (target == null || target.messages()) {
            return null;
        }
        if (target.scope() instanceof Scope.Single single
                && hub.snapshot().server(single.server()).isEmpty()) {
            return null;
        }
        return target.scope() instanceof Scope.Profile profile && !profiles.exists(profile.name())
                ? null
                : target.scope();
    }

    public void start() {
        sessions.start();
        stateless.start();
    }

    public boolean handles(String path) {
        return path.equals("/mcp")
                || path.equals("/messages")
                || ((path.startsWith(SERVERS) || path.startsWith(PROFILES)) && target(path) != null);
    }

    public void handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        try {
            route(path, request, response, callback);
        } catch (Exception e) {
            log.error("{} {} failed", request.getMethod(), path, e);
            TransportError.INTERNAL.send(response, callback, "Internal error");
        }
    }

    /** How many client sessions are open, for {@code /api/health}. */
    public int clientCount() {
        return sessions.count();
    }

    /**
     * The open sessions counted by transport ({@code streamable-http} or {@code sse}) and negotiated protocol
     * version ({@code none} before initialize), for the metrics. Versions are the hub's own list: bounded.
     */
    public java.util.Map<java.util.List<String>, Integer> sessionCounts() {
        java.util.Map<java.util.List<String>, Integer> counts = new java.util.HashMap<>();
        for (McpSession session : sessions.all()) {
            String version = session.protocolVersion();
            java.util.List<String> key =
                    java.util.List.of(session.legacy ? "sse" : "streamable-http", version == null ? "none" : version);
            counts.merge(key, 1, Integer::sum);
        }
        return counts;
    }

    @Override
    public void close() {
        stateless.close();
        sessions.close();
    }

    private void route(String path, Request request, Response response, Callback callback) throws Exception {
        Target target = target(path);
        if (target == null) {
            TransportError.NOT_FOUND.send(response, callback, "Not found: " + path);
            return;
        }
        if (target.scope() instanceof Scope.Single single
                && hub.snapshot().server(single.server()).isEmpty()) {
            TransportError.NOT_FOUND.send(response, callback, "Server '" + single.server() + "' not found");
            return;
        }
        if (!(target.scope() instanceof Scope.Profile bound
                ? Access.of(request).mayUseProfile(bound.name())
                : !Access.of(request).boundToProfiles())) {
            TransportError.FORBIDDEN.send(response, callback, Access.of(request).outsideProfiles(path));
            return;
        }
        if (target.scope() instanceof Scope.Single single && !Access.of(request).mayUse(single.server())) {
            TransportError.FORBIDDEN.send(response, callback, Access.of(request).outside(single.server()));
            return;
        }
        if (target.scope() instanceof Scope.Profile profile && !profiles.exists(profile.name())) {
            TransportError.NOT_FOUND.send(response, callback, "Profile '" + profile.name() + "' not found");
            return;
        }
        String method = request.getMethod();
        if (target.messages()) {
            if ("POST".equals(method)) {
                legacy.post(target.scope(), request, response, callback);
            } else {
                methodNotAllowed(response, callback, "POST");
            }
            return;
        }
        switch (method) {
            case "POST" -> streamable.post(target.scope(), request, response, callback);
            case "GET" -> {
                if (request.getHeaders().get(StreamableHttp.SESSION_HEADER) != null) {
                    streamable.get(target.scope(), request, response, callback);
                } else if (String.valueOf(request.getHeaders().get(HttpHeader.ACCEPT))
                        .contains("text/event-stream")) {
                    legacy.open(target.scope(), target.messagesPath(), request, response, callback);
                } else {
                    methodNotAllowed(response, callback, "GET, POST, DELETE");
                }
            }
            case "DELETE" -> streamable.delete(target.scope(), request, response, callback);
            default -> methodNotAllowed(response, callback, "GET, POST, DELETE");
        }
    }

    private void onEvent(HubEvent event) {
        notifier.on(event);
        listens.on(event);
        if (event instanceof HubEvent.UpstreamNotification n
                && n.notification().method().equals("notifications/message")) {
            logTaps.message(n.server(), n.notification());
        }
        if (event instanceof HubEvent.CatalogChanged || event instanceof HubEvent.ServersUpdated) {
            reconnections.check(hub.snapshot());
        }
    }

    /** Which endpoint a path is: its scope, whether it is a legacy messages path, and that path. */
    private record Target(Scope scope, boolean messages, String messagesPath) {}

    private Target target(String path) {
        if (path.equals("/mcp")) {
            return new Target(aggregate, false, "/messages");
        }
        if (path.equals("/messages")) {
            return new Target(aggregate, true, "/messages");
        }
        String prefix = path.startsWith(PROFILES) ? PROFILES : SERVERS;
        String rest = path.substring(prefix.length());
        int slash = rest.lastIndexOf('/');
        if (slash <= 0) {
            return null;
        }
        String name = rest.substring(0, slash);
        String tail = rest.substring(slash + 1);
        String base = prefix + name;
        Scope scope = prefix.equals(PROFILES) ? new Scope.Profile(name, profiles) : new Scope.Single(name);
        return switch (tail) {
            case "mcp" -> new Target(scope, false, base + "/messages");
            case "messages" -> new Target(scope, true, base + "/messages");
            default -> null;
        };
    }

    private static void methodNotAllowed(Response response, Callback callback, String allow) {
        response.getHeaders().put("Allow", allow);
        TransportError.METHOD_NOT_ALLOWED.send(response, callback, "Method not allowed (allowed: " + allow + ")");
    }
}
