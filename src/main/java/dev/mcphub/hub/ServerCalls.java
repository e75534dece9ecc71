package dev.mcphub.hub;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import dev.mcphub.upstream.CallOptions;
import dev.mcphub.upstream.ListKind;
import dev.mcphub.upstream.UpstreamState;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Requests to one named server, with the checks a caller deserves before anything is sent: the server
 * exists (else SERVER_NOT_FOUND), is connected (else SERVER_NOT_CONNECTED), and offers the tool or prompt
 * (else TOOL_NOT_FOUND / PROMPT_NOT_FOUND listing what it does offer).
 */
public final class ServerCalls {
    private final Hub hub;
    private final CallObserver observer;

    ServerCalls(Hub hub, CallObserver observer) {
        this.hub = hub;
        this.observer = observer;
    }

    public JsonNode callTool(String server, String tool, JsonNode arguments, CallOptions options) {
        return callTool(server, tool, arguments, null, options);
    }

    /** A tool call with request {@code _meta} (a progress token), e.g. for the dashboard's progress bar. */
    public JsonNode callTool(String server, String tool, JsonNode arguments, JsonNode meta, CallOptions options) {
        UpstreamState.Connected connected = connected(server);
        requireListed(server, connected, ListKind.TOOLS, tool);
        ObjectNode params = Json.object();
        params.put("name", tool);
        params.set("arguments", arguments == null || arguments.isNull() ? Json.object() : arguments);
        if (meta != null && meta.isObject()) {
            params.set("_meta", meta);
        }
        return observed(server, "tools/call", () -> connected.connection().request("tools/call", params, options));
    }

    public JsonNode getPrompt(String server, String prompt, JsonNode arguments, CallOptions options) {
        UpstreamState.Connected connected = connected(server);
        requireListed(server, connected, ListKind.PROMPTS, prompt);
        ObjectNode params = Json.object();
        params.put("name", prompt);
        if (arguments != null && !arguments.isNull()) {
            params.set("arguments", arguments);
        }
        return observed(server, "prompts/get", () -> connected.connection().request("prompts/get", params, options));
    }

    public JsonNode readResource(String server, String uri, CallOptions options) {
        ObjectNode params = Json.object();
        params.put("uri", uri);
        UpstreamState.Connected connected = connected(server);
        return observed(
                server, "resources/read", () -> connected.connection().request("resources/read", params, options));
    }

    /** Any request, passed through as it is; the MCP endpoint routes with this. */
    public JsonNode request(String server, String method, JsonNode params, CallOptions options) {
        UpstreamState.Connected connected = connected(server);
        return observed(server, method, () -> connected.connection().request(method, params, options));
    }

    /**
     * Tells the observer of a request and how it ended. A request that never reached the server (unknown or
     * disconnected server, unknown tool) is not counted: the checks above throw before this.
     */
    private JsonNode observed(String server, String method, java.util.function.Supplier<JsonNode> request) {
        long started = System.nanoTime();
        observer.started(server, method);
        CallObserver.Outcome outcome = CallObserver.Outcome.ERROR;
        try {
            JsonNode result = request.get();
            outcome = result != null && result.path("isError").asBoolean(false)
                    ? CallObserver.Outcome.TOOL_ERROR
                    : CallObserver.Outcome.OK;
            return result;
        } catch (HubException e) {
            outcome = switch (e.code()) {
                case UPSTREAM_TIMEOUT -> CallObserver.Outcome.TIMEOUT;
                case UNAVAILABLE -> CallObserver.Outcome.CANCELLED;
                default -> CallObserver.Outcome.ERROR;
            };
            throw e;
        } finally {
            observer.finished(server, method, System.nanoTime() - started, outcome);
        }
    }

    /** Sends a notification to a connected server; quietly nothing when it is not connected. */
    public void notify(String server, String method, JsonNode params) {
        if (hub.snapshot().server(server).map(ServerView::state).orElse(null) instanceof UpstreamState.Connected c) {
            c.connection().notify(method, params);
        }
    }

    public UpstreamState.Connected connected(String server) {
        ServerView view = hub.server(server);
        if (view.state() instanceof UpstreamState.Connected connected) {
            return connected;
        }
        throw new HubException(
                ErrorCode.SERVER_NOT_CONNECTED,
                "Server '" + server + "' is not connected (status: "
                        + view.state().status() + ")",
                Map.of("server", server, "status", view.state().status()));
    }

    private static void requireListed(String server, UpstreamState.Connected connected, ListKind kind, String name) {
        List<JsonNode> items = connected.capabilities().get(kind);
        if (items.stream().anyMatch(item -> name.equals(Json.string(item, "name")))) {
            return;
        }
        List<String> available =
                items.stream().map(item -> Json.string(item, "name")).toList();
        boolean tool = kind == ListKind.TOOLS;
        throw new HubException(
                tool ? ErrorCode.TOOL_NOT_FOUND : ErrorCode.PROMPT_NOT_FOUND,
                (tool ? "Tool '" : "Prompt '") + name + "' not found on server '" + server + "'",
                Map.of(
                        "server",
                        server,
                        tool ? "tool" : "prompt",
                        name,
                        tool ? "availableTools" : "availablePrompts",
                        available));
    }
}
