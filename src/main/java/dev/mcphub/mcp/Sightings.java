package dev.mcphub.mcp;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The resource URIs servers have handed to clients inside results, in their own spelling: resource links and
 * embedded resources of tool results and prompt messages, the contents of a read, and {@code _meta.ui.resourceUri}. A client may read or
 * subscribe to such a URI through {@code /mcp} exactly as it received it, and the hub routes it to the server
 * that handed it out, even when no list or template names it. Bounded: the least recently seen fall out.
 */
final class Sightings {
    private static final int CAPACITY = 10_000;

    private final Map<String, Set<String>> servers = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Notes the URIs of a tool, prompt or read result {@code server} gave. */
    void record(String server, JsonNode result) {
        if (result == null || !result.isObject()) {
            return;
        }
        result.path("content").forEach(item -> content(server, item));
        result.path("messages").forEach(message -> content(server, message.path("content")));
        result.path("contents").forEach(content -> note(server, content.path("uri")));
        // path() chains, not at("/_meta/ui/resourceUri"): at() compiles a JSON Pointer on every call.
        note(server, result.path("_meta").path("ui").path("resourceUri"));
    }

    /** The servers that handed out {@code uri}, oldest first. */
    synchronized List<String> of(String uri) {
        Set<String> seen = servers.get(uri);
        return seen == null ? List.of() : List.copyOf(seen);
    }

    private void content(String server, JsonNode item) {
        switch (item.path("type").asString("")) {
            case "resource_link" -> note(server, item.path("uri"));
            case "resource" -> note(server, item.path("resource").path("uri"));
            default -> {}
        }
    }

    private void note(String server, JsonNode uri) {
        if (uri == null || !uri.isString() || uri.asString().isEmpty()) {
            return;
        }
        synchronized (this) {
            servers.computeIfAbsent(uri.asString(), u -> new LinkedHashSet<>()).add(server);
        }
    }
}
