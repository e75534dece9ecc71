package dev.mcphub.mcp;

import dev.mcphub.json.Json;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** How the compatibility suite finds a server's items in the hub's merged lists and reads tool results. */
final class CompatLists {
    private CompatLists() {}

    /** The text of a tool result's text content items. */
    static String texts(JsonNode result) {
        StringBuilder text = new StringBuilder();
        Json.elements(result.path("content"))
                .forEach(item -> text.append(item.path("text").asString("")).append('\n'));
        return text.toString();
    }

    /**
     * Whether an item of a merged list is this server's: its key carries the server's prefix, or (for resources,
     * whose URIs a hub may also pass unchanged) it is one of the server's own keys and carries no server's prefix.
     */
    static boolean belongsTo(List<CompatServer> servers, CompatServer server, String key, List<String> ownKeys) {
        if (key.startsWith(server.id() + "__")) {
            return true;
        }
        boolean anyPrefix = servers.stream().anyMatch(other -> key.startsWith(other.id() + "__"));
        return !anyPrefix && ownKeys.contains(key);
    }

    /** The item with the server's prefix taken off every string that carries it (names, URIs, {@code _meta}). */
    static JsonNode withoutPrefix(JsonNode node, String prefix) {
        if (node.isString() && node.asString().startsWith(prefix)) {
            return Json.tree(node.asString().substring(prefix.length()));
        }
        if (node instanceof ObjectNode object) {
            ObjectNode copy = Json.object();
            object.properties().forEach(e -> copy.set(e.getKey(), withoutPrefix(e.getValue(), prefix)));
            return copy;
        }
        if (node instanceof ArrayNode array) {
            return Json.array(Json.elements(array).stream()
                    .map(item -> withoutPrefix(item, prefix))
                    .toList());
        }
        return node;
    }
}
