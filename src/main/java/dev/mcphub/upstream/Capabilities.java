package dev.mcphub.upstream;

import dev.mcphub.json.Json;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A server's complete lists, every page fetched, each item as the server sent it. Immutable. */
public record Capabilities(
        List<JsonNode> tools, List<JsonNode> resources, List<JsonNode> resourceTemplates, List<JsonNode> prompts) {

    public static final Capabilities EMPTY = new Capabilities(List.of(), List.of(), List.of(), List.of());

    public Capabilities {
        tools = List.copyOf(tools);
        resources = List.copyOf(resources);
        resourceTemplates = List.copyOf(resourceTemplates);
        prompts = List.copyOf(prompts);
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
        Map<ListKind, List<JsonNode>> all = new EnumMap<>(ListKind.class);
        for (ListKind kind : ListKind.values()) {
            all.put(kind, lists.getOrDefault(kind, get(kind)));
        }
        return new Capabilities(
                all.get(ListKind.TOOLS),
                all.get(ListKind.RESOURCES),
                all.get(ListKind.RESOURCE_TEMPLATES),
                all.get(ListKind.PROMPTS));
    }
}
