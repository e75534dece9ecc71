package dev.mcphub.mcp;

import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpcMessage.Notification;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * Log messages for modern requests. A 2026-07-28 client asks for them per request ({@code _meta
 * .io.modelcontextprotocol/logLevel}) and must get none otherwise; while such a request is at a server,
 * that server's messages at or above the level go on the request's own response stream.
 */
final class LogTaps {
    /** One request listening to one server's log. */
    private record Tap(String server, String level, Outbound out) {}

    private final Set<Tap> taps = ConcurrentHashMap.newKeySet();

    /** Taps {@code server}'s log for the request answered on {@code out}; close it when the request ends. */
    AutoCloseable open(String server, String level, Outbound out) {
        if (server == null || level == null) {
            return () -> {};
        }
        Tap tap = new Tap(server, level, out);
        taps.add(tap);
        return () -> taps.remove(tap);
    }

    /** A server's {@code notifications/message}, from the event bus. */
    void message(String server, Notification notification) {
        if (taps.isEmpty() || !(notification.params() instanceof ObjectNode params)) {
            return;
        }
        String level = Json.string(params, "level");
        ObjectNode forClient = params.deepCopy();
        if (!forClient.has("logger")) {
            forClient.put("logger", server);
        }
        Notification message = new Notification(notification.method(), forClient);
        for (Tap tap : taps) {
            if (tap.server().equals(server) && LogLevels.passes(level, tap.level())) {
                tap.out().send(message);
            }
        }
    }
}
