package dev.mcphub.mcp;

import dev.mcphub.auth.Access;
import dev.mcphub.hub.Catalog;
import dev.mcphub.json.Json;
import dev.mcphub.profiles.MetaTools;
import dev.mcphub.profiles.ProfileView;
import dev.mcphub.profiles.ToolSearch;
import dev.mcphub.upstream.ListKind;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The answer of a search-mode profile's {@code search_tools}: the best matches with their full definitions,
 * as structured content and as the same JSON in a text block (clients that ignore structured content still
 * read it).
 */
final class SearchResults {
    private SearchResults() {}

    /** @param caller who searches: tools of servers outside its limit are not found (they are not listed either) */
    static ObjectNode answer(ProfileView view, JsonNode arguments, Access caller) {
        String query = Json.string(arguments, "query");
        if (query == null || query.isBlank()) {
            return Calls.toolError(MetaTools.SEARCH + " needs a query: what the tool should do, in plain words");
        }
        int limit = Math.clamp(arguments.path("limit").asInt(MetaTools.DEFAULT_LIMIT), 1, MetaTools.MAX_LIMIT);
        List<ToolSearch.Hit> hits = caller.allServers()
                ? view.search().find(query, limit)
                : view.search().find(query, view.all(ListKind.TOOLS).size()).stream()
                        .filter(hit -> mayUse(view, hit, caller))
                        .limit(limit)
                        .toList();
        ObjectNode structured = Json.object();
        ArrayNode tools = structured.putArray("tools");
        for (ToolSearch.Hit hit : hits) {
            tools.add(hit.tool());
        }
        ObjectNode result = Json.object();
        String text = hits.isEmpty()
                ? "No tool matches \"" + query + "\". Try other words: what the tool does, or its subject."
                : Json.text(structured);
        result.putArray("content").addObject().put("type", "text").put("text", text);
        result.set("structuredContent", structured);
        return result;
    }

    private static boolean mayUse(ProfileView view, ToolSearch.Hit hit, Access caller) {
        Catalog.Route route = view.route(ListKind.TOOLS, hit.tool().path("name").asString(""));
        return route != null && caller.mayUse(route.server());
    }
}
