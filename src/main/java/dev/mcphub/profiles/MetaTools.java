package dev.mcphub.profiles;

import dev.mcphub.json.Json;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tools a search-mode profile lists instead of its catalogue: one finds tools by what they do and
 * answers with their full definitions, the other calls a found tool. Two small definitions cost a client's
 * context almost nothing, whatever the size of the catalogue behind them.
 */
public final class MetaTools {
    public static final String SEARCH = "search_tools";
    public static final String CALL = "call_tool";
    public static final int DEFAULT_LIMIT = 5;
    public static final int MAX_LIMIT = 20;

    private static final List<JsonNode> DEFINITIONS = List.of(search(), call());

    private MetaTools() {}

    public static List<JsonNode> definitions() {
        return DEFINITIONS;
    }

    public static boolean isMetaTool(String name) {
        return SEARCH.equals(name) || CALL.equals(name);
    }

    private static JsonNode search() {
        ObjectNode tool = Json.object();
        tool.put("name", SEARCH);
        tool.put("title", "Search tools");
        tool.put(
                "description",
                "Find the tools available here by describing what you want to do in plain words (for example"
                        + " \"read a file\" or \"create a GitHub issue\"). Answers with the best matches, each"
                        + " with its name, description and full input schema. Then call one with "
                        + CALL + ".");
        ObjectNode schema = tool.putObject("inputSchema");
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("query").put("type", "string").put("description", "What the tool should do");
        properties
                .putObject("limit")
                .put("type", "integer")
                .put("minimum", 1)
                .put("maximum", MAX_LIMIT)
                .put("default", DEFAULT_LIMIT)
                .put("description", "How many tools to return at most");
        schema.putArray("required").add("query");
        tool.putObject("annotations").put("readOnlyHint", true).put("openWorldHint", false);
        return tool;
    }

    private static JsonNode call() {
        ObjectNode tool = Json.object();
        tool.put("name", CALL);
        tool.put("title", "Call a tool");
        tool.put(
                "description",
                "Call a tool found with " + SEARCH + " by its exact name, with arguments that follow its input"
                        + " schema. Answers with that tool's own result.");
        ObjectNode schema = tool.putObject("inputSchema");
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("name").put("type", "string").put("description", "The tool's exact name");
        properties
                .putObject("arguments")
                .put("type", "object")
                .put("description", "The tool's arguments, as its input schema says");
        schema.putArray("required").add("name");
        return tool;
    }
}
