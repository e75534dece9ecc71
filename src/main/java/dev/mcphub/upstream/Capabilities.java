package dev.mcphub.upstream;

import dev.mcphub.json.Json;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A server's complete lists, every page fetched, each item as the server sent it, and why a list could not be
 * fetched ({@code listErrors}, by kind): such a list keeps what the last good fetch gave (empty at first). Immutable.
 */
public record Capabilities(
        List<JsonNode> tools,
        List<JsonNode> resources,
        List<JsonNode> resourceTemplates,
        List<JsonNode> prompts,
        Map<ListKind, String> listErrors) {

    public static final Capabilities EMPTY = new Capabilities(List.of(), List.of(), List.of(), List.of());

    public Capabilities {
        tools = List.copyOf(tools);
        resources = List.copyOf(resources);
        resourceTemplates = List.copyOf(resourceTemplates);
        prompts = List.copyOf(prompts);
        listErrors = listErrors.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new EnumMap<>(listErrors));
    }

    public Capabilities(
            List<JsonNode> tools, List<JsonNode> resources, List<JsonNode> resourceTemplates, List<JsonNode> prompts) {
        this(tools, resources, resourceTemplates, prompts, Map.of());
    }

    /**
     * The lists as one JSON object {@code {tools, resources, resourceTemplates, prompts}}: the one rendering
     * of a server's capabilities, used by the REST status and the SSE dev-mode event alike.
     */
    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.set("tools", Json.array(tools));
        json.set("resources", Json.array(resources));
        json.set("resourceTemplates", Json.array(resourceTemplates));
        json.set("prompts", Json.array(prompts));
        return json;
    }

    public List<JsonNode> get(ListKind kind) {
        return switch (kind) {
            case TOOLS -> tools;
            case RESOURCES -> resources;
            case RESOURCE_TEMPLATES -> resourceTemplates;
            case PROMPTS -> prompts;
        };
    }

    public Capabilities with(Map<ListKind, List<JsonNode>> lists) {
        return with(new Listing(lists, Map.of()), lists.keySet());
    }

    /**
     * These lists replaced by what a fetch of {@code fetched} gave: a list that failed keeps its old items and
     * gets its error; a list that came back loses its error.
     */
    Capabilities with(Listing listing, Set<ListKind> fetched) {
        Map<ListKind, List<JsonNode>> all = new EnumMap<>(ListKind.class);
        for (ListKind kind : ListKind.values()) {
            all.put(kind, listing.lists().getOrDefault(kind, get(kind)));
        }
        Map<ListKind, String> errors = new EnumMap<>(ListKind.class);
        errors.putAll(listErrors);
        fetched.forEach(errors::remove);
        errors.putAll(listing.errors());
        return new Capabilities(
                all.get(ListKind.TOOLS),
                all.get(ListKind.RESOURCES),
                all.get(ListKind.RESOURCE_TEMPLATES),
                all.get(ListKind.PROMPTS),
                errors);
    }

    /**
     * What one fetch of some lists gave: the lists that came back, why the others did not, and for how long
     * the server said each list that came back stays fresh ({@code ttlMs}, the shortest of its pages; only
     * 2026-era servers say so, and a list without a hint has no entry).
     */
    record Listing(Map<ListKind, List<JsonNode>> lists, Map<ListKind, String> errors, Map<ListKind, Long> ttlMs) {
        Listing(Map<ListKind, List<JsonNode>> lists, Map<ListKind, String> errors) {
            this(lists, errors, Map.of());
        }
    }
}
