package dev.mcphub.mcp;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.hub.Catalog;
import dev.mcphub.hub.Hub;
import dev.mcphub.hub.HubSnapshot;
import dev.mcphub.hub.ServerView;
import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpcMessage.Notification;
import dev.mcphub.jsonrpc.JsonRpcMessage.Request;
import dev.mcphub.jsonrpc.JsonRpcMessage.Response;
import dev.mcphub.jsonrpc.RpcError;
import dev.mcphub.profiles.MetaTools;
import dev.mcphub.profiles.ProfileView;
import dev.mcphub.upstream.CallOptions;
import dev.mcphub.upstream.ListKind;
import dev.mcphub.upstream.UpstreamState;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Routes a client's calls to the owning server under the server's own names, and brings back the result
 * unchanged. The client's request thread waits; interrupting it (a cancellation) cancels upstream too.
 */
final class Calls {
    private final Hub hub;
    private final McpSettings settings;
    private final McpAccess access;
    private final InputBridge bridge;

    Calls(Hub hub, McpSettings settings, McpAccess access) {
        this.hub = hub;
        this.settings = settings;
        this.access = access;
        this.bridge = new InputBridge(settings);
    }

    Response callTool(McpSession session, Request request, Outbound related) {
        ObjectNode params = request.paramsObject();
        String name = params == null ? null : Json.string(params, "name");
        if (name == null) {
            return invalid(request, "tools/call needs params.name");
        }
        HubSnapshot snapshot = hub.snapshot();
        if (session.scope instanceof Scope.Profile profile && MetaTools.isMetaTool(name)) {
            ProfileView view = profile.view(snapshot).orElse(null);
            if (view != null && view.searchMode()) {
                return searchMode(session, request, view, params, related);
            }
        }
        Catalog.Route route;
        try {
            route = session.scope.route(snapshot, ListKind.TOOLS, name);
        } catch (HubException e) {
            return Response.failure(request.id(), RpcErrors.from(e));
        }
        if (route == null) {
            String down = unavailableServer(snapshot, session, name);
            return down != null
                    ? Response.success(request.id(), toolError(down))
                    : invalid(request, "Unknown tool: '" + name + "'");
        }
        RpcError outside = access.refusal(session, request, route.server());
        if (outside != null) {
            return Response.failure(request.id(), outside);
        }
        params.put("name", route.name());
        try {
            JsonNode result = forward(session, request, route.server(), params, related);
            session.scope.saw(route.server(), result);
            return Response.success(request.id(), result);
        } catch (HubException e) {
            if (isUnavailable(e)) {
                return Response.success(request.id(), toolError(e.getMessage()));
            }
            return Response.failure(request.id(), RpcErrors.from(e));
        }
    }

    /** A search-mode profile's meta-tools: find tools, or call a found one as if the client had named it. */
    private Response searchMode(
            McpSession session, Request request, ProfileView view, ObjectNode params, Outbound related) {
        JsonNode arguments = params.path("arguments");
        if (MetaTools.SEARCH.equals(Json.string(params, "name"))) {
            return Response.success(request.id(), SearchResults.answer(view, arguments, session.access()));
        }
        String target = Json.string(arguments, "name");
        if (target == null || MetaTools.isMetaTool(target)) {
            return Response.success(
                    request.id(),
                    toolError(MetaTools.CALL + " needs the name of a tool found with " + MetaTools.SEARCH));
        }
        params.put("name", target);
        JsonNode targetArguments = arguments.get("arguments");
        if (targetArguments == null || targetArguments.isNull()) {
            params.remove("arguments");
        } else {
            params.set("arguments", targetArguments);
        }
        return callTool(session, request, related);
    }

    Response getPrompt(McpSession session, Request request, Outbound related) {
        ObjectNode params = request.paramsObject();
        String name = params == null ? null : Json.string(params, "name");
        if (name == null) {
            return invalid(request, "prompts/get needs params.name");
        }
        HubSnapshot snapshot = hub.snapshot();
        Catalog.Route route = session.scope.route(snapshot, ListKind.PROMPTS, name);
        if (route == null) {
            String down = unavailableServer(snapshot, session, name);
            return down != null
                    ? Response.failure(request.id(), new RpcError(RpcError.SERVER_ERROR, down))
                    : invalid(request, "Unknown prompt: '" + name + "'");
        }
        RpcError outside = access.refusal(session, request, route.server());
        if (outside != null) {
            return Response.failure(request.id(), outside);
        }
        params.put("name", route.name());
        return forwardNotingUris(session, request, route.server(), params, related);
    }

    Response readResource(McpSession session, Request request, Outbound related) {
        ObjectNode params = request.paramsObject();
        String uri = params == null ? null : Json.string(params, "uri");
        if (uri == null) {
            return invalid(request, "resources/read needs params.uri");
        }
        Catalog.Route route;
        try {
            route = session.scope.routeResource(hub.snapshot(), uri);
        } catch (HubException e) {
            return Response.failure(request.id(), RpcErrors.from(e));
        }
        if (route == null) {
            return invalid(request, "Unknown resource: '" + uri + "'");
        }
        RpcError outside = access.refusal(session, request, route.server());
        if (outside != null) {
            return Response.failure(request.id(), outside);
        }
        params.put("uri", route.name());
        return forwardNotingUris(session, request, route.server(), params, related);
    }

    Response complete(McpSession session, Request request, Outbound related) {
        ObjectNode params = request.paramsObject();
        JsonNode ref = params == null ? null : params.get("ref");
        if (!(ref instanceof ObjectNode refObject)) {
            return invalid(request, "completion/complete needs params.ref");
        }
        try {
            return complete(session, request, related, params, refObject);
        } catch (HubException e) {
            return Response.failure(request.id(), RpcErrors.from(e));
        }
    }

    private Response complete(
            McpSession session, Request request, Outbound related, ObjectNode params, ObjectNode refObject) {
        HubSnapshot snapshot = hub.snapshot();
        String type = Json.string(refObject, "type");
        Catalog.Route route;
        if ("ref/prompt".equals(type)) {
            route = session.scope.route(snapshot, ListKind.PROMPTS, String.valueOf(Json.string(refObject, "name")));
            if (route != null) {
                refObject.put("name", route.name());
            }
        } else if ("ref/resource".equals(type)) {
            route = session.scope.routeResource(snapshot, String.valueOf(Json.string(refObject, "uri")));
            if (route != null) {
                refObject.put("uri", route.name());
            }
        } else {
            return invalid(request, "Unknown completion reference type: '" + type + "'");
        }
        if (route == null) {
            return invalid(request, "Unknown completion reference: " + refObject);
        }
        RpcError outside = access.refusal(session, request, route.server());
        if (outside != null) {
            return Response.failure(request.id(), outside);
        }
        return forwardOrError(session, request, route.server(), params, related);
    }

    /** Sends a request to one server on the client's behalf; progress goes back on {@code related}. */
    JsonNode forward(McpSession session, Request request, String server, JsonNode params, Outbound related) {
        CallOptions.ProgressSink progress =
                related == null ? null : update -> related.send(new Notification("notifications/progress", update));
        CallOptions options = new CallOptions(
                settings.callTimeout(),
                settings.maxCallTime(),
                progress,
                new CallContext(session, related, settings.clientRequestTimeout()));
        session.started(request.id(), Thread.currentThread(), related);
        boolean audited = access.audits(request);
        long started = System.nanoTime();
        try {
            JsonNode result = hub.calls().request(server, request.method(), params, options);
            if (!Eras.isModern(session.protocolVersion()) && InputBridge.isInputRequired(result)) {
                // A 2026-era server asks in Multi Round-Trip style: the 2025-era client is asked the usual way.
                result = bridge.fulfil(session, related, server, result, extra -> {
                    ObjectNode again = params instanceof ObjectNode object ? object.deepCopy() : Json.object();
                    again.setAll(extra);
                    return hub.calls().request(server, request.method(), again, options);
                });
            }
            if (audited) {
                access.called(session, request, server, params, started, result, null);
            }
            return result;
        } catch (HubException e) {
            if (audited) {
                access.called(session, request, server, params, started, null, e.getMessage());
            }
            throw e;
        } finally {
            session.finished(request.id());
            Thread.interrupted(); // A cancellation that came late must not leak into the next request.
        }
    }

    /** Forwards, and notes the URIs of the result so that the client can use them as received. */
    private Response forwardNotingUris(
            McpSession session, Request request, String server, JsonNode params, Outbound related) {
        try {
            JsonNode result = forward(session, request, server, params, related);
            session.scope.saw(server, result);
            return Response.success(request.id(), result);
        } catch (HubException e) {
            return Response.failure(request.id(), RpcErrors.from(e));
        }
    }

    private Response forwardOrError(
            McpSession session, Request request, String server, JsonNode params, Outbound related) {
        try {
            return Response.success(request.id(), forward(session, request, server, params, related));
        } catch (HubException e) {
            return Response.failure(request.id(), RpcErrors.from(e));
        }
    }

    /** When a tool or prompt name belongs to a known server that is not connected, the message saying so. */
    private static String unavailableServer(HubSnapshot snapshot, McpSession session, String name) {
        String server = switch (session.scope) {
            case Scope.Single single -> single.server();
            case Scope.Aggregate aggregate -> byPrefix(snapshot, name);
            case Scope.Profile profile -> {
                String owner = byPrefix(snapshot, name);
                yield owner != null && profile.includes(owner) ? owner : null;
            }
        };
        ServerView view = server == null || !session.access().mayUse(server)
                ? null
                : snapshot.server(server).orElse(null);
        if (view == null || view.isConnected()) {
            return null;
        }
        String why = view.state() instanceof UpstreamState.Disconnected d && d.failed() ? ": " + d.reason() : "";
        return "Server '" + server + "' is unavailable (status: " + view.state().status() + ")" + why;
    }

    private static String byPrefix(HubSnapshot snapshot, String name) {
        int at = name.indexOf(Catalog.SEPARATOR);
        return at <= 0 ? null : snapshot.catalog().serverById(name.substring(0, at));
    }

    private static boolean isUnavailable(HubException e) {
        return e.code() == ErrorCode.SERVER_NOT_CONNECTED
                || e.code() == ErrorCode.SERVER_NOT_FOUND
                || (e.code() == ErrorCode.UPSTREAM_ERROR && e.rpcCode() == null);
    }

    static ObjectNode toolError(String message) {
        ObjectNode result = Json.object();
        result.putArray("content").addObject().put("type", "text").put("text", message);
        result.put("isError", true);
        return result;
    }

    private static Response invalid(Request request, String message) {
        return Response.failure(request.id(), RpcErrors.invalidParams(message));
    }
}
