package dev.mcphub.hub;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import dev.mcphub.upstream.CallOptions;
import dev.mcphub.upstream.ListKind;
import dev.mcphub.upstream.UpstreamState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hub's one door to servers: every request REST, {@code /mcp} or the hub itself sends to a server passes
 * {@link #call}, with the same checks before anything is sent: the server exists (else SERVER_NOT_FOUND), is
 * connected (else SERVER_NOT_CONNECTED), and offers the tool or prompt (else TOOL_NOT_FOUND /
 * PROMPT_NOT_FOUND listing what it does offer). Then every {@link CallObserver} sees the call start and end.
 */
public final class ServerCalls {
    private final Hub hub;
    private final List<CallObserver> observers = new CopyOnWriteArrayList<>();

    ServerCalls(Hub hub) {
        this.hub = hub;
    }

    void observe(CallObserver observer) {
        observers.add(observer);
    }

    /**
     * Sends one call to its server and waits for the answer; for a notification, sends it when the server is
     * connected and returns null. Errors are {@link HubException}s naming the server.
     */
    public JsonNode call(ServerCall call) {
        long began = System.nanoTime();
        Object[] started = new Object[observers.size()];
        int entered = 0;
        JsonNode result = null;
        HubException error = null;
        try {
            if (!check(call)) {
                return null;
            }
            for (CallObserver observer : observers) {
                if (entered == started.length) {
                    break; // An observer added during the call sees the next one.
                }
                started[entered] = observer.starting(call);
                entered++;
            }
            if (call.kind() == ServerCall.Kind.NOTIFICATION) {
                hub.upstream(call.server()).notify(call.method(), call.params());
                return null;
            }
            result = hub.upstream(call.server()).request(call.method(), call.params(), call.options());
            return result;
        } catch (HubException e) {
            error = e;
            throw e;
        } finally {
            if (!observers.isEmpty()) {
                CallOutcome outcome = new CallOutcome(result, error, Duration.ofNanos(System.nanoTime() - began));
                for (int i = 0; i < Math.min(started.length, observers.size()); i++) {
                    observers.get(i).finished(call, outcome, i < entered ? started[i] : null);
                }
            }
        }
    }

    public JsonNode callTool(String server, String tool, JsonNode arguments, CallOptions options) {
        return callTool(server, tool, arguments, null, options);
    }

    /** A tool call with request {@code _meta} (a progress token), e.g. for the dashboard's progress bar. */
    public JsonNode callTool(String server, String tool, JsonNode arguments, JsonNode meta, CallOptions options) {
        ObjectNode params = Json.object();
        params.put("name", tool);
        params.set("arguments", arguments == null || arguments.isNull() ? Json.object() : arguments);
        if (meta != null && meta.isObject()) {
            params.set("_meta", meta);
        }
        return call(new ServerCall(server, ServerCall.Kind.TOOL, "tools/call", tool, params, options));
    }

    public JsonNode getPrompt(String server, String prompt, JsonNode arguments, CallOptions options) {
        ObjectNode params = Json.object();
        params.put("name", prompt);
        if (arguments != null && !arguments.isNull()) {
            params.set("arguments", arguments);
        }
        return call(new ServerCall(server, ServerCall.Kind.PROMPT, "prompts/get", prompt, params, options));
    }

    public JsonNode readResource(String server, String uri, CallOptions options) {
        ObjectNode params = Json.object();
        params.put("uri", uri);
        return call(new ServerCall(server, ServerCall.Kind.RESOURCE, "resources/read", uri, params, options));
    }

    /** Any request, passed through as it is (the checks still depend on its method). */
    public JsonNode request(String server, String method, JsonNode params, CallOptions options) {
        return call(ServerCall.request(server, method, params, options));
    }

    /** Sends a notification to a connected server; quietly nothing when it is not connected. */
    public void notify(String server, String method, JsonNode params) {
        call(ServerCall.notification(server, method, params));
    }

    /** The door's checks; false when a notification is to be dropped quietly. */
    private boolean check(ServerCall call) {
        if (call.kind() == ServerCall.Kind.NOTIFICATION) {
            return hub.snapshot()
                    .server(call.server())
                    .map(ServerView::isConnected)
                    .orElse(false);
        }
        UpstreamState.Connected connected = connected(call.server());
        switch (call.kind()) {
            case TOOL -> requireListed(call.server(), connected, ListKind.TOOLS, call.name());
            case PROMPT -> requireListed(call.server(), connected, ListKind.PROMPTS, call.name());
            case RESOURCE, COMPLETION, OTHER, NOTIFICATION -> {}
        }
        return true;
    }

    /** The server's connected state in the current snapshot, or SERVER_NOT_FOUND / SERVER_NOT_CONNECTED. */
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
        if (items.stream().anyMatch(item -> name != null && name.equals(Json.string(item, "name")))) {
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
                        String.valueOf(name),
                        tool ? "availableTools" : "availablePrompts",
                        available));
    }
}
