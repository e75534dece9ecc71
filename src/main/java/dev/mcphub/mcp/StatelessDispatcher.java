package dev.mcphub.mcp;

import dev.mcphub.auth.Access;
import dev.mcphub.hub.Catalog;
import dev.mcphub.hub.Hub;
import dev.mcphub.hub.HubSnapshot;
import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpcMessage.Request;
import dev.mcphub.jsonrpc.JsonRpcMessage.Response;
import dev.mcphub.jsonrpc.RpcError;
import dev.mcphub.upstream.ListKind;
import java.util.Comparator;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers one stateless (2026-07-28) request, beside {@link Dispatcher} which answers session requests.
 * Each request stands alone: it is served under a throw-away {@link McpSession} built from its own
 * {@code _meta} (never registered, so it receives nothing after its answer), routed by {@link Calls} like
 * any other, and answered in the era's shapes by {@link ModernResults}. The handshake-era methods
 * ({@code initialize}, {@code ping}, {@code logging/setLevel}, {@code resources/subscribe}) do not exist
 * in this era.
 */
final class StatelessDispatcher {
    private final Hub hub;
    private final McpSettings settings;
    private final Calls calls;
    private final McpAccess access;
    private final LogTaps logs;
    private final InputRounds rounds;

    StatelessDispatcher(Hub hub, McpSettings settings, LogTaps logs, McpAccess access) {
        this.hub = hub;
        this.settings = settings;
        this.access = access;
        this.calls = new Calls(hub, settings, access);
        this.logs = logs;
        this.rounds = new InputRounds(settings);
    }

    /** Housekeeping, now and then: parked multi-round calls whose clients never came back. */
    void sweep() {
        rounds.sweep();
    }

    /**
     * A session that lives for one request: what its {@code _meta} declares, nothing remembered, held to what
     * the door decided about the request's credential (scopes, server limits), as a 2025-era session is.
     */
    static McpSession sessionFor(Scope scope, Envelope envelope, Access caller) {
        McpSession session = new McpSession(scope, false, caller);
        session.initialize(envelope.version(), envelope.capabilitiesCopy(), envelope.clientInfo());
        session.initialized();
        session.logLevel(envelope.logLevel());
        return session;
    }

    Response request(McpSession session, Envelope envelope, Request message, Outbound reply, HttpFields headers) {
        Request request = new Request(
                message.id(),
                message.method(),
                message.params() instanceof ObjectNode params ? Envelope.forServer(params) : Json.object());
        RpcError refused = access.refusal(session, request);
        if (refused != null) {
            return ModernResults.modern(Response.failure(request.id(), refused), settings.version());
        }
        Response answer = switch (request.method()) {
            case "server/discover" -> discover(session.scope, request);
            case "tools/list" -> list(session, request, ListKind.TOOLS);
            case "prompts/list" -> list(session, request, ListKind.PROMPTS);
            case "resources/list" -> list(session, request, ListKind.RESOURCES);
            case "resources/templates/list" -> list(session, request, ListKind.RESOURCE_TEMPLATES);
            case "tools/call" ->
                rounds.answer(
                        session,
                        envelope,
                        request,
                        caller(headers),
                        reply,
                        call -> callTool(call.callSession(), envelope, request, call, headers));
            case "prompts/get" ->
                rounds.answer(
                        session,
                        envelope,
                        request,
                        caller(headers),
                        reply,
                        call -> withLog(call.callSession(), envelope, request, call, ListKind.PROMPTS));
            case "resources/read" ->
                rounds.answer(
                        session,
                        envelope,
                        request,
                        caller(headers),
                        reply,
                        call -> read(call.callSession(), envelope, request, call));
            case "completion/complete" -> calls.complete(session, request, reply);
            default -> notFound(request);
        };
        return ModernResults.modern(answer, settings.version());
    }

    private Response discover(Scope scope, Request request) {
        HubSnapshot snapshot = hub.snapshot();
        ObjectNode result = Json.object();
        ArrayNode versions = result.putArray("supportedVersions");
        Eras.supported().forEach(versions::add);
        result.set("capabilities", Initialize.capabilities(snapshot, scope));
        String instructions = Initialize.instructions(snapshot, scope);
        if (instructions != null) {
            result.put("instructions", instructions);
        }
        long ttl = CacheHints.listTtl(snapshot, scope, ListKind.TOOLS) == 0 ? 0 : CacheHints.STABLE_MS;
        return Response.success(request.id(), ModernResults.cacheable(result, ttl, CacheHints.SCOPE));
    }

    private Response list(McpSession session, Request request, ListKind kind) {
        Scope scope = session.scope;
        HubSnapshot snapshot = hub.snapshot();
        if (!offers(snapshot, scope, kind)) {
            return notFound(request);
        }
        // Servers outside the caller's limit are not listed, as for a 2025-era session.
        List<JsonNode> items = McpAccess.visible(session, snapshot, kind, scope.list(snapshot, kind)).stream()
                .sorted(Comparator.comparing(item -> String.valueOf(Json.string(item, key(kind)))))
                .toList();
        ObjectNode page = ListPages.page(kind, items, request.params(), settings.pageSize());
        if (page == null) {
            return Response.failure(request.id(), RpcErrors.invalidParams("Invalid cursor"));
        }
        return Response.success(
                request.id(),
                ModernResults.cacheable(page, CacheHints.listTtl(snapshot, scope, kind), CacheHints.SCOPE));
    }

    private Response callTool(
            McpSession session, Envelope envelope, Request request, Outbound reply, HttpFields headers) {
        String name = Json.string(request.params(), "name");
        JsonNode tool = name == null ? null : find(session.scope.list(hub.snapshot(), ListKind.TOOLS), "name", name);
        if (tool != null) {
            RpcError mismatch = StandardHeaders.checkParams(
                    headers, tool.get("inputSchema"), request.params().get("arguments"));
            if (mismatch != null) {
                return Response.failure(request.id(), mismatch);
            }
        }
        return withLog(session, envelope, request, reply, ListKind.TOOLS);
    }

    private Response read(McpSession session, Envelope envelope, Request request, Outbound reply) {
        Response answer = withLog(session, envelope, request, reply, ListKind.RESOURCES);
        RpcError error = answer.error();
        if (error != null && error.data() == null && error.code() == RpcError.INVALID_PARAMS) {
            // The era's resource-not-found error names the URI the client asked for.
            ObjectNode data = Json.object().put("uri", Json.string(message(request), "uri"));
            return Response.failure(answer.id(), new RpcError(error.code(), error.message(), data));
        }
        if (answer.result() instanceof ObjectNode result) {
            // A legacy server says nothing of freshness: the hub cannot promise any.
            ModernResults.cacheable(result, 0, CacheHints.SCOPE);
        }
        return answer;
    }

    /** Who calls, as far as the hub can tell: the credentials presented to it (none on a hub without auth). */
    private static String caller(HttpFields headers) {
        return headers.get(org.eclipse.jetty.http.HttpHeader.AUTHORIZATION);
    }

    private static JsonNode message(Request request) {
        return request.params() == null ? Json.object() : request.params();
    }

    /** Routes a call, with the owning server's log on the reply while it runs when the request asked for it. */
    private Response withLog(McpSession session, Envelope envelope, Request request, Outbound reply, ListKind kind) {
        String server = owner(session.scope, request, kind);
        try (AutoCloseable tap = logs.open(server, envelope.logLevel(), reply)) {
            return switch (kind) {
                case TOOLS -> calls.callTool(session, request, reply);
                case PROMPTS -> calls.getPrompt(session, request, reply);
                default -> calls.readResource(session, request, reply);
            };
        } catch (Exception e) {
            throw new IllegalStateException(e); // Closing a tap does not fail.
        }
    }

    private String owner(Scope scope, Request request, ListKind kind) {
        HubSnapshot snapshot = hub.snapshot();
        Catalog.Route route = kind == ListKind.RESOURCES
                ? scope.routeResource(snapshot, String.valueOf(Json.string(request.params(), "uri")))
                : scope.route(snapshot, kind, String.valueOf(Json.string(request.params(), "name")));
        return route == null ? null : route.server();
    }

    /** Whether the scope offers a kind of list: a single server that lacks the capability does not. */
    private static boolean offers(HubSnapshot snapshot, Scope scope, ListKind kind) {
        String capability = kind == ListKind.TOOLS ? "tools" : kind == ListKind.PROMPTS ? "prompts" : "resources";
        return Initialize.capabilities(snapshot, scope).has(capability);
    }

    private static JsonNode find(List<JsonNode> items, String key, String value) {
        return items.stream()
                .filter(item -> value.equals(Json.string(item, key)))
                .findFirst()
                .orElse(null);
    }

    private static String key(ListKind kind) {
        return switch (kind) {
            case TOOLS, PROMPTS -> "name";
            case RESOURCES -> "uri";
            case RESOURCE_TEMPLATES -> "uriTemplate";
        };
    }

    private static Response notFound(Request request) {
        String method = request.method();
        String why = switch (method) {
            case "initialize", "ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe" ->
                " (removed in 2026-07-28; use server/discover, _meta logLevel or subscriptions/listen)";
            default -> "";
        };
        return Response.failure(
                request.id(), new RpcError(RpcError.METHOD_NOT_FOUND, "Method not found: " + method + why));
    }
}
