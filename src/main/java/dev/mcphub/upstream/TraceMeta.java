package dev.mcphub.upstream;

import dev.mcphub.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The hub's trace context in an outgoing request's {@code params._meta}, as the MCP conventions propagate it. */
final class TraceMeta {
    private TraceMeta() {}

    /**
     * Puts the hub's trace context in {@code params._meta.traceparent} for a server that gets no HTTP header
     * (stdio), and replaces a client's own there for any server, so the server's parent is the hub's span.
     */
    static JsonNode withTraceparent(JsonNode sent, JsonNode original, String traceparent, boolean inHeader) {
        if (traceparent == null || !(sent instanceof ObjectNode object)) {
            return sent;
        }
        JsonNode meta = object.get("_meta");
        boolean clientSent = meta != null && meta.has("traceparent");
        if (inHeader && !clientSent) {
            return sent;
        }
        // A shallow copy: the caller's params stay as they were, and arguments are not copied.
        ObjectNode copy = sent == original ? Json.object().setAll(object) : object;
        ObjectNode copyMeta = Json.object();
        if (meta instanceof ObjectNode given) {
            copyMeta.setAll(given);
        }
        copyMeta.put("traceparent", traceparent);
        copyMeta.remove("tracestate");
        copy.set("_meta", copyMeta);
        return copy;
    }
}
