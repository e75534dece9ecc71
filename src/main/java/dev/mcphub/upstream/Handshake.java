package dev.mcphub.upstream;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.RpcError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The MCP start of a connection (initialize, initialized) and fetching complete lists, page by page. */
final class Handshake {
    /** Newest first: what the hub asks for, and what it accepts from a server. */
    static final List<String> PROTOCOL_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");

    private static final int MAX_PAGES = 1_000;

    private Handshake() {}

    /**
     * Starts the connection in the legacy era ({@code initialize}); a server that refuses it but speaks
     * 2026-07-28 is spoken to in that era instead (see {@link ModernHandshake}).
     */
    static InitializeResult initialize(McpConnection connection, UpstreamSettings settings) {
        return initialize(connection, settings, false);
    }

    /**
     * As {@link #initialize(McpConnection, UpstreamSettings)}, but a server that spoke 2026-07-28 when last
     * connected ({@code modernFirst}) is asked {@code server/discover} first, which spares it an
     * {@code initialize} it would refuse; one that was downgraded since fails the probe and is initialized in
     * the legacy era. Either way the era is found again on every connection, so an upgrade or a downgrade is
     * followed at the next reconnect.
     */
    static InitializeResult initialize(McpConnection connection, UpstreamSettings settings, boolean modernFirst) {
        if (modernFirst) {
            InitializeResult modern = ModernHandshake.fallForward(connection, settings);
            if (modern != null) {
                return modern;
            }
            return initializeLegacy(connection, settings);
        }
        try {
            return initializeLegacy(connection, settings);
        } catch (HubException e) {
            if (e.rpcCode() == null) {
                // No answer (a timeout, a child that died, a broken channel): nothing says the server is modern.
                throw e;
            }
            InitializeResult modern = ModernHandshake.fallForward(connection, settings);
            if (modern == null) {
                throw e;
            }
            return modern;
        }
    }

    private static InitializeResult initializeLegacy(McpConnection connection, UpstreamSettings settings) {
        ObjectNode params = Json.object();
        params.put("protocolVersion", PROTOCOL_VERSIONS.getFirst());
        params.set("capabilities", settings.clientCapabilities());
        ObjectNode clientInfo = params.putObject("clientInfo");
        clientInfo.put("name", "mcp-hub");
        clientInfo.put("title", "MCP Hub");
        clientInfo.put("version", settings.clientVersion());
        JsonNode result = connection.request("initialize", params, CallOptions.timeout(settings.connectTimeout()));
        String version = Json.string(result, "protocolVersion");
        if (version == null || !PROTOCOL_VERSIONS.contains(version)) {
            throw new HubException(
                    ErrorCode.CONNECTION_ERROR,
                    "Server '" + connection.server() + "' speaks protocol version " + version
                            + ", which the hub does not support (supported: " + PROTOCOL_VERSIONS + ")",
                    Map.of("server", connection.server(), "field", "protocolVersion"));
        }
        connection.transport().protocolVersion(version);
        connection.notify("notifications/initialized", null);
        JsonNode capabilities = result.get("capabilities");
        return new InitializeResult(
                version,
                capabilities == null ? Json.object() : capabilities,
                result.get("serverInfo"),
                Json.string(result, "instructions"));
    }

    /**
     * Fetches the given lists in parallel. A list the server does not offer, or answers with -32601 (Method not
     * found, as the TypeScript SDK's low-level {@code Server} does for a handler it lacks), is empty; any other
     * failure of a list is returned as its error, never thrown: only {@code initialize} decides whether a server
     * connects.
     */
    static Capabilities.Listing fetch(
            McpConnection connection, InitializeResult server, Set<ListKind> kinds, Duration timeout) {
        Map<ListKind, List<JsonNode>> lists = new EnumMap<>(ListKind.class);
        Map<ListKind, String> errors = new EnumMap<>(ListKind.class);
        Map<ListKind, Long> ttls = new EnumMap<>(ListKind.class);
        Map<ListKind, Future<Fetched>> futures = new EnumMap<>(ListKind.class);
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (ListKind kind : kinds) {
                if (server.supports(kind.capability())) {
                    futures.put(kind, executor.submit(() -> fetchAll(connection, kind, timeout)));
                } else {
                    lists.put(kind, List.of());
                }
            }
            for (var entry : futures.entrySet()) {
                try {
                    Fetched fetched = entry.getValue().get();
                    lists.put(entry.getKey(), fetched.items());
                    if (fetched.ttlMs() != null) {
                        ttls.put(entry.getKey(), fetched.ttlMs());
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof HubException hub
                            && Integer.valueOf(RpcError.METHOD_NOT_FOUND).equals(hub.rpcCode())) {
                        lists.put(entry.getKey(), List.of());
                    } else {
                        errors.put(entry.getKey(), describe(entry.getKey(), e.getCause()));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException(ErrorCode.UNAVAILABLE, "Interrupted while listing " + connection.server());
        }
        return new Capabilities.Listing(lists, errors, ttls);
    }

    private static String describe(ListKind kind, Throwable failure) {
        String code =
                failure instanceof HubException hub && hub.rpcCode() != null ? " (code " + hub.rpcCode() + ")" : "";
        return kind.listMethod() + " failed: " + failure.getMessage() + code;
    }

    /** A complete list, and the shortest {@code ttlMs} its pages carried (null when none did). */
    record Fetched(List<JsonNode> items, @Nullable Long ttlMs) {}

    /** Follows {@code nextCursor} to the end; a cursor seen twice ends the walk (a server bug, not a loop). */
    static Fetched fetchAll(McpConnection connection, ListKind kind, Duration timeout) {
        List<JsonNode> items = new ArrayList<>();
        Long ttl = null;
        Set<String> cursors = new java.util.HashSet<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            ObjectNode params = Json.object();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonNode result = connection.request(kind.listMethod(), params, CallOptions.timeout(timeout));
            items.addAll(Json.elements(result.get(kind.field())));
            JsonNode ttlMs = result.get("ttlMs");
            if (ttlMs != null && ttlMs.canConvertToLong() && ttlMs.asLong() >= 0) {
                ttl = ttl == null ? ttlMs.asLong() : Math.min(ttl, ttlMs.asLong());
            }
            cursor = Json.string(result, "nextCursor");
            if (cursor == null || cursor.isEmpty() || !cursors.add(cursor)) {
                break;
            }
        }
        return new Fetched(List.copyOf(items), ttl);
    }
}
