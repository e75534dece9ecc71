package dev.mcphub.mcp;

import dev.mcphub.error.HubException;
import dev.mcphub.hub.Catalog;
import dev.mcphub.hub.Hub;
import dev.mcphub.hub.HubSnapshot;
import dev.mcphub.hub.ServerView;
import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpcMessage;
import dev.mcphub.jsonrpc.JsonRpcMessage.Notification;
import dev.mcphub.jsonrpc.JsonRpcMessage.Request;
import dev.mcphub.jsonrpc.JsonRpcMessage.Response;
import dev.mcphub.jsonrpc.RpcError;
import dev.mcphub.tracing.Tracing;
import dev.mcphub.upstream.CallOptions;
import dev.mcphub.upstream.ListKind;
import dev.mcphub.upstream.UpstreamState;
import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/** Answers one client message of a session: the MCP methods the hub serves itself or routes. */
final class Dispatcher {
    private final Hub hub;
    private final McpSettings settings;
    private final Calls calls;
    private final Subscriptions subscriptions;
    private final Sessions sessions;
    private final Tracing tracing;

    private final McpAccess access;

    Dispatcher(
            Hub hub,
            McpSettings settings,
            Subscriptions subscriptions,
            Sessions sessions,
            Tracing tracing,
            McpAccess access) {
        this.hub = hub;
        this.tracing = tracing;
        this.settings = settings;
        this.access = access;
        this.calls = new Calls(hub, settings, access);
        this.subscriptions = subscriptions;
        this.sessions = sessions;
    }

    /**
     * The answer to a request; {@code related} carries progress and the server's requests for it. {@code alone}:
     * the request is the only message of a Streamable HTTP POST, so its span is that POST's server span.
     */
    Response request(McpSession session, Request request, Outbound related, boolean alone) {
        session.touch();
        if (!tracing.enabled()) {
            return answer(session, request, related);
        }
        try (Tracing.McpSpan span = tracing.mcpRequest(new Tracing.McpRequest(
                request.method(),
                request.id(),
                request.params(),
                session.id,
                session.protocolVersion(),
                session.legacy ? "sse" : "streamable-http",
                alone))) {
            Response response = answer(session, request, related);
            if (response.error() != null) {
                span.failed(response.error().code(), response.error().message());
            }
            return response;
        }
    }

    private Response answer(McpSession session, Request request, Outbound related) {
        RpcError refused = access.refusal(session, request);
        if (refused != null) {
            return Response.failure(request.id(), refused);
        }
        return switch (request.method()) {
            case "initialize" -> Initialize.answer(hub.snapshot(), session, request, settings.version());
            case "ping" -> Response.success(request.id(), Json.object());
            case "tools/list" -> list(session, request, ListKind.TOOLS);
            case "prompts/list" -> list(session, request, ListKind.PROMPTS);
            case "resources/list" -> list(session, request, ListKind.RESOURCES);
            case "resources/templates/list" -> list(session, request, ListKind.RESOURCE_TEMPLATES);
            case "tools/call" -> calls.callTool(session, request, related);
            case "prompts/get" -> calls.getPrompt(session, request, related);
            case "resources/read" -> calls.readResource(session, request, related);
            case "completion/complete" -> calls.complete(session, request, related);
            case "resources/subscribe" -> subscription(session, request, true);
            case "resources/unsubscribe" -> subscription(session, request, false);
            case "logging/setLevel" -> setLevel(session, request);
            default ->
                Response.failure(
                        request.id(), new RpcError(RpcError.METHOD_NOT_FOUND, "Method not found: " + request.method()));
        };
    }

    /** The refusal (audited) of a request its session may not make at all, else null. */
    RpcError refusal(McpSession session, Request request) {
        return access.refusal(session, request);
    }

    /** A notification or response from the client. */
    void other(McpSession session, JsonRpcMessage message) {
        session.touch();
        switch (message) {
            case Notification n -> notification(session, n);
            case Response response -> {
                if (!session.answered(response)) {
                    sessions.unanswered(session, response);
                }
            }
            case Request request -> throw new IllegalArgumentException("requests are answered by request()");
        }
    }

    private void notification(McpSession session, Notification notification) {
        switch (notification.method()) {
            case "notifications/initialized" -> session.initialized();
            case "notifications/cancelled" ->
                session.cancel(
                        notification.params() == null
                                ? null
                                : notification.params().get("requestId"));
            case "notifications/roots/list_changed" -> forwardToServers(session, notification);
            default -> {
                // Other notifications concern only the client and the hub.
            }
        }
    }

    private Response list(McpSession session, Request request, ListKind kind) {
        HubSnapshot snapshot = hub.snapshot();
        ObjectNode page = ListPages.page(
                kind,
                McpAccess.visible(session, snapshot, kind, session.scope.list(snapshot, kind)),
                request.params(),
                settings.pageSize());
        return page == null
                ? Response.failure(request.id(), RpcErrors.invalidParams("Invalid cursor"))
                : Response.success(request.id(), page);
    }

    private Response subscription(McpSession session, Request request, boolean subscribe) {
        String uri = request.params() == null ? null : Json.string(request.params(), "uri");
        if (uri == null) {
            return Response.failure(request.id(), RpcErrors.invalidParams(request.method() + " needs params.uri"));
        }
        Catalog.Route route;
        try {
            route = session.scope.routeResource(hub.snapshot(), uri);
        } catch (HubException e) {
            return Response.failure(request.id(), RpcErrors.from(e));
        }
        if (route == null) {
            return Response.failure(request.id(), RpcErrors.invalidParams("Unknown resource: '" + uri + "'"));
        }
        RpcError outside = access.refusal(session, request, route.server());
        if (outside != null) {
            return Response.failure(request.id(), outside);
        }
        Subscriptions.Key key = new Subscriptions.Key(route.server(), route.name());
        boolean tellServer = subscribe ? subscriptions.add(key, session, uri) : subscriptions.remove(key, session);
        if (tellServer) {
            try {
                hub.calls()
                        .request(route.server(), request.method(), Json.object().put("uri", route.name()), quick());
            } catch (HubException e) {
                if (subscribe) {
                    subscriptions.remove(key, session);
                }
                return Response.failure(request.id(), RpcErrors.from(e));
            }
        }
        return Response.success(request.id(), Json.object());
    }

    private Response setLevel(McpSession session, Request request) {
        String level = request.params() == null ? null : Json.string(request.params(), "level");
        if (!LogLevels.valid(level)) {
            return Response.failure(
                    request.id(),
                    RpcErrors.invalidParams("Invalid log level: '" + level + "' (one of " + LogLevels.ORDER + ")"));
        }
        session.logLevel(level);
        HubSnapshot snapshot = hub.snapshot();
        for (ServerView server : snapshot.servers()) {
            if (session.sees(server.name()) && supportsLogging(server)) {
                String wanted = sessions.mostVerboseLevel(server.name());
                Thread.ofVirtual().start(() -> sendLevel(server.name(), wanted));
            }
        }
        return Response.success(request.id(), Json.object());
    }

    private void sendLevel(String server, String level) {
        try {
            hub.calls().request(server, "logging/setLevel", Json.object().put("level", level), quick());
        } catch (HubException e) {
            // The level is a wish; a server that refuses keeps its own.
        }
    }

    private void forwardToServers(McpSession session, Notification notification) {
        for (ServerView server : hub.snapshot().servers()) {
            if (session.sees(server.name()) && server.isConnected()) {
                hub.calls().notify(server.name(), notification.method(), notification.params());
            }
        }
    }

    private static boolean supportsLogging(ServerView server) {
        return server.state() instanceof UpstreamState.Connected c && c.server().supports("logging");
    }

    private static CallOptions quick() {
        return CallOptions.timeout(Duration.ofSeconds(30));
    }
}
