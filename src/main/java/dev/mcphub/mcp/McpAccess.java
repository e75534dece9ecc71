package dev.mcphub.mcp;

import dev.mcphub.audit.AuditEntry;
import dev.mcphub.audit.AuditTrail;
import dev.mcphub.auth.Access;
import dev.mcphub.auth.Permission;
import dev.mcphub.hub.Catalog;
import dev.mcphub.hub.HubSnapshot;
import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpcMessage;
import dev.mcphub.jsonrpc.JsonRpcMessage.Request;
import dev.mcphub.jsonrpc.RpcError;
import dev.mcphub.upstream.ListKind;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The MCP side of authorization and audit, in one place: which methods need the call permission, which
 * catalogue items a session may see (those of servers outside its limit are not listed), the refusal of a
 * call to such a server, and the audit line of every tool call, prompt get and resource read.
 */
final class McpAccess {
    /** The JSON-RPC code of a refusal (in the implementation-defined server error range). */
    static final int FORBIDDEN = -32003;

    private static final Set<String> CALLS = Set.of(
            "tools/call",
            "prompts/get",
            "resources/read",
            "completion/complete",
            "resources/subscribe",
            "resources/unsubscribe");
    private static final Set<String> AUDITED = Set.of("tools/call", "prompts/get", "resources/read");

    private final AuditTrail audit;

    McpAccess(AuditTrail audit) {
        this.audit = audit;
    }

    /** The permission a request needs that its session lacks, else null. */
    static Permission lacking(McpSession session, JsonRpcMessage message) {
        return message instanceof Request request
                        && CALLS.contains(request.method())
                        && !session.access().allows(Permission.CALL)
                ? Permission.CALL
                : null;
    }

    /** The refusal of a method the session may not use at all, else null. */
    RpcError refusal(McpSession session, Request request) {
        Access access = session.access();
        if (CALLS.contains(request.method()) && !access.allows(Permission.CALL)) {
            RpcError error = new RpcError(FORBIDDEN, access.lacks(Permission.CALL, request.method()));
            deny(session, request, null, error.message());
            return error;
        }
        return null;
    }

    /** The refusal of a call routed to {@code server}, else null. */
    RpcError refusal(McpSession session, Request request, String server) {
        Access access = session.access();
        if (access.mayUse(server)) {
            return null;
        }
        RpcError error = new RpcError(FORBIDDEN, access.outside(server));
        deny(session, request, server, error.message());
        return error;
    }

    /**
     * The items of a list the session may see: those of servers outside its caller's limit are left out. The
     * owner of an item is found as a call would route it; an item no server owns (a profile's meta-tools) stays.
     */
    static List<JsonNode> visible(McpSession session, HubSnapshot snapshot, ListKind kind, List<JsonNode> items) {
        Access access = session.access();
        if (access.allServers() || session.scope instanceof Scope.Single) {
            return items; // A single-server endpoint was checked at its door.
        }
        return items.stream()
                .filter(item -> {
                    String server = owner(session.scope, snapshot, kind, item);
                    return server == null ? !(session.scope instanceof Scope.Aggregate) : access.mayUse(server);
                })
                .toList();
    }

    private static String owner(Scope scope, HubSnapshot snapshot, ListKind kind, JsonNode item) {
        Catalog.Route route = switch (kind) {
            case TOOLS, PROMPTS -> scope.route(snapshot, kind, String.valueOf(Json.string(item, "name")));
            case RESOURCES -> scope.routeResource(snapshot, String.valueOf(Json.string(item, "uri")));
            case RESOURCE_TEMPLATES -> null;
        };
        if (route != null) {
            return route.server();
        }
        String name = String.valueOf(Json.string(item, kind == ListKind.RESOURCE_TEMPLATES ? "uriTemplate" : "name"));
        int at = name.indexOf(Catalog.SEPARATOR);
        return at <= 0 ? null : snapshot.catalog().serverById(name.substring(0, at));
    }

    boolean audits(Request request) {
        return audit.on() && AUDITED.contains(request.method());
    }

    /** The audit line of a finished call. */
    void called(
            McpSession session,
            Request request,
            String server,
            JsonNode params,
            long started,
            JsonNode result,
            String error) {
        AuditEntry.Outcome outcome = error != null
                ? AuditEntry.Outcome.PROTOCOL_ERROR
                : result != null && result.path("isError").asBoolean(false)
                        ? AuditEntry.Outcome.TOOL_ERROR
                        : AuditEntry.Outcome.OK;
        record(session, request, server, params, started, outcome, result, error);
    }

    private void deny(McpSession session, Request request, String server, String why) {
        if (audit.on() && CALLS.contains(request.method())) {
            record(session, request, server, request.params(), System.nanoTime(), AuditEntry.Outcome.DENIED, null, why);
        }
    }

    private void record(
            McpSession session,
            Request request,
            String server,
            JsonNode params,
            long started,
            AuditEntry.Outcome outcome,
            JsonNode result,
            String detail) {
        Access access = session.access();
        JsonNode info = session.clientInfo();
        String client = access.client() != null ? access.client() : info == null ? null : Json.string(info, "name");
        String item =
                params == null ? null : Json.string(params, request.method().startsWith("resources") ? "uri" : "name");
        audit.record(new AuditEntry(
                Instant.now(),
                access.who(),
                client,
                "mcp",
                request.method(),
                server,
                item,
                (System.nanoTime() - started) / 1_000_000,
                outcome,
                params == null ? -1 : Json.bytes(params.path("arguments")).length,
                result == null ? -1 : Json.bytes(result).length,
                detail,
                audit.payloads() && params != null ? params.get("arguments") : null,
                audit.payloads() ? result : null));
    }
}
