package dev.mcphub.api;

import dev.mcphub.audit.AuditEntry;
import dev.mcphub.audit.AuditTrail;
import dev.mcphub.auth.Access;
import dev.mcphub.auth.Permission;
import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The REST side of authorization and audit, in one place: which permission each route needs (anything not
 * listed needs admin, so a new route is closed until someone opens it), the per-server limit on routes that
 * name a server, and the audit line of every call and admin action.
 */
final class RestAccess {
    private static final Map<String, Permission> NEEDS = Map.ofEntries(
            Map.entry("/api/servers", Permission.READ),
            Map.entry("/api/servers/info", Permission.READ),
            Map.entry("/api/servers/refresh", Permission.READ),
            Map.entry("/api/refresh", Permission.READ),
            Map.entry("/api/health", Permission.READ),
            Map.entry("/api/workspaces", Permission.READ),
            Map.entry("/api/marketplace", Permission.READ),
            Map.entry("/api/marketplace/details", Permission.READ),
            Map.entry("/api/profiles", Permission.READ),
            Map.entry("/api/profiles/info", Permission.READ),
            Map.entry("/api/servers/tools", Permission.CALL),
            Map.entry("/api/servers/resources", Permission.CALL),
            Map.entry("/api/servers/prompts", Permission.CALL),
            // The dashboard's: its page token is not a secret from a reader, changes need admin anyway.
            Map.entry("/api/dashboard/session", Permission.READ),
            Map.entry("/api/stats", Permission.READ),
            Map.entry("/api/servers/tools/stream", Permission.CALL),
            Map.entry("/api/calls/cancel", Permission.CALL));

    /** Audit action names of the call routes, as MCP names them. */
    private static final Map<String, String> ACTIONS = Map.of(
            "/api/servers/tools", "tools/call",
            "/api/servers/resources", "resources/read",
            "/api/servers/prompts", "prompts/get");

    private static final Map<String, String> ITEMS = Map.of(
            "/api/servers/tools", "tool",
            "/api/servers/resources", "uri",
            "/api/servers/prompts", "prompt");

    private final AuditTrail audit;

    RestAccess(AuditTrail audit) {
        this.audit = audit;
    }

    static Permission needs(String path) {
        return NEEDS.getOrDefault(path, Permission.ADMIN);
    }

    /** Runs a route if the caller may, auditing calls and admin actions (and every refusal of one). */
    JsonNode run(Route route, ApiRequest request) throws Exception {
        Permission needed = needs(route.path());
        boolean audited = needed != Permission.READ;
        long started = System.nanoTime();
        String refusal = refusal(route, request, needed);
        if (refusal != null) {
            if (audited || !request.access().allows(needed)) {
                record(route, request, started, AuditEntry.Outcome.DENIED, -1, refusal, null);
            }
            // "needs" only for a missing permission: a step-up of scope can cure that, not a server limit.
            throw new HubException(
                    ErrorCode.FORBIDDEN,
                    refusal,
                    request.access().allows(needed) ? Map.of() : Map.of("needs", needed.word()));
        }
        if (!audited || !audit.on()) {
            return route.handler().handle(request);
        }
        try {
            JsonNode result = route.handler().handle(request);
            boolean toolError = result.path("result").path("isError").asBoolean(false);
            record(
                    route,
                    request,
                    started,
                    toolError ? AuditEntry.Outcome.TOOL_ERROR : AuditEntry.Outcome.OK,
                    Json.bytes(result).length,
                    null,
                    result.get("result"));
            return result;
        } catch (HubException e) {
            record(route, request, started, AuditEntry.Outcome.PROTOCOL_ERROR, -1, e.getMessage(), null);
            throw e;
        }
    }

    /**
     * Refuses (and audits the refusal of) a route that is not in the table of {@link Route}s, such as the
     * dashboard's streamed tool call. (Its calls themselves are not audited yet: the stream writes its own
     * answer.)
     */
    void check(String method, String path, ApiRequest request) {
        Route route = new Route(method, path, "", r -> null);
        Permission needed = needs(path);
        String refusal = refusal(route, request, needed);
        if (refusal != null) {
            record(route, request, System.nanoTime(), AuditEntry.Outcome.DENIED, -1, refusal, null);
            throw new HubException(
                    ErrorCode.FORBIDDEN,
                    refusal,
                    request.access().allows(needed) ? Map.of() : Map.of("needs", needed.word()));
        }
    }

    private static String refusal(Route route, ApiRequest request, Permission needed) {
        Access access = request.access();
        if (!access.allows(needed)) {
            return access.lacks(needed, route.method() + " " + route.path());
        }
        if (access.boundToProfiles() && needed != Permission.READ) {
            // A profile decides what its callers may call; REST routes know no profile.
            return access.outsideProfiles(route.method() + " " + route.path());
        }
        if (access.allServers()) {
            return null;
        }
        String server = server(request);
        if (server != null) {
            return access.mayUse(server) ? null : access.outside(server);
        }
        // A hub-wide admin action (restart, config) is not for a caller limited to some servers.
        return needed == Permission.ADMIN ? "Forbidden: " + access.who() + " is limited to some servers" : null;
    }

    private static String server(ApiRequest request) {
        try {
            JsonNode name = request.body().get("server_name");
            return name != null && name.isString() ? name.asString() : null;
        } catch (HubException e) {
            return null; // A malformed body: the route itself says what is wrong with it.
        }
    }

    private void record(
            Route route,
            ApiRequest request,
            long started,
            AuditEntry.Outcome outcome,
            long responseBytes,
            String detail,
            JsonNode result) {
        if (!audit.on()) {
            return;
        }
        Access access = request.access();
        String item = null;
        JsonNode arguments = null;
        try {
            String field = ITEMS.get(route.path());
            item = field == null ? null : Json.string(request.body(), field);
            arguments = audit.payloads() ? request.body().get("arguments") : null;
        } catch (HubException e) {
            // A malformed body has no item.
        }
        audit.record(new AuditEntry(
                Instant.now(),
                access.who(),
                access.client(),
                "rest",
                ACTIONS.getOrDefault(route.path(), route.method() + " " + route.path()),
                server(request),
                item,
                (System.nanoTime() - started) / 1_000_000,
                outcome,
                request.size(),
                responseBytes,
                detail,
                arguments,
                audit.payloads() ? result : null));
    }
}
