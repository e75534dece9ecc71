package dev.mcphub.api;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.http.ClientClose;
import dev.mcphub.http.CsrfToken;
import dev.mcphub.http.SseChannel;
import dev.mcphub.hub.CallStats;
import dev.mcphub.hub.Hub;
import dev.mcphub.json.Json;
import dev.mcphub.upstream.CallOptions;
import dev.mcphub.upstream.StderrLines;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a person at the dashboard does beyond the reference's routes: call a tool and watch its progress (an event
 * stream: {@code call}, {@code progress}..., then {@code result}, {@code error} or {@code cancelled}), cancel it,
 * read a server's stderr, and see the call statistics and the page's session token.
 */
final class CallRoutes {
    private final Hub hub;
    private final CsrfToken csrf;
    private final HealthSources health;
    /** The threads waiting for a streamed call, by call id: interrupting one cancels the call upstream. */
    private final Map<String, Thread> running = new ConcurrentHashMap<>();

    private final Map<String, Boolean> cancelled = new ConcurrentHashMap<>();

    CallRoutes(Hub hub, CsrfToken csrf, HealthSources health) {
        this.hub = hub;
        this.csrf = csrf;
        this.health = health;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", "/api/dashboard/session", "The token a page sends with changes", r -> session()),
                new Route("POST", "/api/calls/cancel", "Cancel a streamed tool call by its call_id", this::cancel),
                new Route("POST", "/api/servers/stderr", "A server's stderr lines after line 'after'", this::stderr),
                new Route("GET", "/api/stats", "Calls, errors and latency per server; clients", this::stats));
    }

    List<StreamRoute> streams() {
        return List.of(new StreamRoute(
                "/api/servers/tools/stream", "Call a tool; progress and the result as an event stream", this::call));
    }

    List<String> guarded() {
        return List.of("/api/calls/cancel");
    }

    private JsonNode session() {
        return Json.object().put("csrfToken", csrf.value()).put("header", CsrfToken.HEADER);
    }

    private void call(ApiRequest body, Request request, Response response, Callback callback) {
        String server = body.requireString("server_name", "Missing server name ('server_name' in the request body)");
        String tool = body.requireString("tool", "Missing tool name ('tool' in the request body)");
        JsonNode arguments = body.optionalObject("arguments", server);
        CallOptions base = RequestOptions.from(body.body().get("request_options"));
        hub.calls().connected(server); // An unknown or stopped server is a plain JSON error, before the stream.
        String id = UUID.randomUUID().toString();
        SseChannel channel = new SseChannel(response, callback, 10_000, () -> {});
        channel.open();
        running.put(id, Thread.currentThread());
        ClientClose.watch(request, gone -> cancelCall(id)); // A closed page cancels its calls too.
        try {
            send(channel, "call", Json.object().put("call_id", id));
            CallOptions options = new CallOptions(
                    base.timeout(), base.maxTotal(), update -> send(channel, "progress", progress(update)), null);
            ObjectNode meta = Json.object().put("progressToken", id);
            JsonNode result = hub.calls().callTool(server, tool, arguments, meta, options);
            send(channel, "result", Json.object().set("result", result));
        } catch (HubException e) {
            boolean wasCancelled = cancelled.containsKey(id);
            ObjectNode error = ApiErrors.body(e);
            error.put("status", ApiErrors.status(e.code()));
            send(channel, wasCancelled ? "cancelled" : "error", error);
        } finally {
            running.remove(id);
            cancelled.remove(id);
            Thread.interrupted(); // A cancel that came after the answer must not leak into the next request.
            channel.close();
        }
    }

    private JsonNode cancel(ApiRequest request) {
        String id = request.requireString("call_id", "Missing call id ('call_id' in the request body)");
        boolean found = cancelCall(id);
        if (!found) {
            throw new HubException(
                    ErrorCode.VALIDATION_ERROR,
                    "No running call with id '" + id + "' (it may have finished)",
                    Map.of("call_id", id));
        }
        return Json.object().put("status", "ok").put("call_id", id);
    }

    private boolean cancelCall(String id) {
        Thread caller = running.get(id);
        if (caller == null) {
            return false;
        }
        cancelled.put(id, true);
        caller.interrupt();
        return true;
    }

    private JsonNode stderr(ApiRequest request) {
        String server = request.requireString("server_name", "Missing server name ('server_name' in the request body)");
        JsonNode afterNode = request.body().get("after");
        long after = afterNode != null && afterNode.canConvertToLong() ? afterNode.asLong() : 0;
        StderrLines lines = hub.stderr(server, after);
        ObjectNode body =
                Json.object().put("server", server).put("pid", lines.pid()).put("next", lines.next());
        var out = body.putArray("lines");
        lines.lines().forEach(line -> out.addObject().put("seq", line.seq()).put("text", line.text()));
        return body;
    }

    /** The counts of the servers the caller may use; the others are not named. */
    private JsonNode stats(ApiRequest request) {
        ObjectNode body = Json.object();
        ObjectNode servers = body.putObject("servers");
        for (Map.Entry<String, CallStats.Snapshot> entry :
                hub.callStats().snapshot().entrySet()) {
            if (!request.access().mayUse(entry.getKey())) {
                continue;
            }
            CallStats.Snapshot s = entry.getValue();
            servers.putObject(entry.getKey())
                    .put("calls", s.calls())
                    .put("errors", s.errors())
                    .put("toolErrors", s.toolErrors())
                    .put("timeouts", s.timeouts())
                    .put("cancelled", s.cancelled())
                    .put("active", s.active())
                    .put("averageMs", s.averageMillis())
                    .put("p50Ms", s.p50Millis())
                    .put("p95Ms", s.p95Millis())
                    .put("maxMs", s.maxMillis())
                    .put("lastCall", s.lastCall() == null ? null : s.lastCall().toString());
        }
        body.put("eventClients", health.eventClients());
        body.set("mcp", HubRoutes.mcpEndpoint(hub.snapshot(), health.mcpClients(), request.access()));
        return body;
    }

    private static ObjectNode progress(JsonNode update) {
        ObjectNode out = Json.object();
        for (String field : new String[] {"progress", "total", "message"}) {
            if (update.has(field)) {
                out.set(field, update.get(field));
            }
        }
        return out;
    }

    private static void send(SseChannel channel, String event, ObjectNode data) {
        data.put("timestamp", Instant.now().toString());
        String frame = "event: " + event + "\ndata: " + Json.text(data) + "\n\n";
        channel.send(frame.getBytes(StandardCharsets.UTF_8));
    }
}
