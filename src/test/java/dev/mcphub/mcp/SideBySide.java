package dev.mcphub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The same servers reached two ways, directly and through the hub's aggregate endpoint, for assertions that what
 * the hub serves is the server's own answer under namespaced names.
 */
final class SideBySide {
    private static final String CLOCK_TIME = "\\d{1,2}:\\d{2}:\\d{2}\\s?[AP]M";

    private final RawMcp hub;
    private final Map<String, DirectServer> direct;
    private final Map<String, String> ids;

    /** @param ids each server's id in namespaced names, in config order */
    SideBySide(RawMcp hub, Map<String, DirectServer> direct, Map<String, String> ids) {
        this.hub = hub;
        this.direct = direct;
        this.ids = ids;
    }

    /** What the hub should list: each server's own complete list in config order, {@code key} namespaced. */
    List<JsonNode> directListsNamespaced(String method, String field, String key) {
        List<JsonNode> expected = new ArrayList<>();
        ids.forEach((server, id) -> direct.get(server).listAll(method, field).stream()
                .map(item -> {
                    ObjectNode copy = ((ObjectNode) item).deepCopy();
                    return copy.put(key, id + "__" + item.get(key).asString());
                })
                .forEach(expected::add));
        return expected;
    }

    void assertSameResult(String server, String tool, ObjectNode arguments) {
        JsonNode own = direct.get(server).callTool(tool, arguments);
        JsonNode viaHub = hub.callTool(ids.get(server) + "__" + tool, arguments);
        assertThat(withoutClockTimes(viaHub)).as("%s %s", server, tool).isEqualTo(withoutClockTimes(own));
    }

    void assertSameRead(String server, String uri) {
        JsonNode own = direct.get(server).result("resources/read", Json.object().put("uri", uri));
        JsonNode viaHub = hub.result("resources/read", Json.object().put("uri", ids.get(server) + "__" + uri));
        assertThat(withoutClockTimes(viaHub)).as("%s %s", server, uri).isEqualTo(withoutClockTimes(own));
    }

    void assertSamePrompt(String server, String name, ObjectNode arguments) {
        ObjectNode params = Json.object().put("name", name);
        params.set("arguments", arguments);
        JsonNode own = direct.get(server).result("prompts/get", params);
        ObjectNode namespaced = params.deepCopy().put("name", ids.get(server) + "__" + name);
        assertThat(hub.result("prompts/get", namespaced)).as("prompt %s", name).isEqualTo(own);
    }

    /** Completion of a {@code ref/prompt} ({@code key} name) or {@code ref/resource} ({@code key} uri). */
    void assertSameCompletion(String server, String type, String key, String name, ObjectNode argument) {
        ObjectNode params = Json.object();
        params.putObject("ref").put("type", type).put(key, name);
        params.set("argument", argument);
        JsonNode own = direct.get(server).result("completion/complete", params);
        ObjectNode namespaced = params.deepCopy();
        ((ObjectNode) namespaced.get("ref")).put(key, ids.get(server) + "__" + name);
        JsonNode viaHub = hub.result("completion/complete", namespaced);
        assertThat(viaHub).as("completion of %s %s", server, name).isEqualTo(own);
        assertThat(viaHub.at("/completion/values")).as("completion of %s", name).isNotEmpty();
    }

    /** Server-everything stamps dynamic resources with the wall-clock time, also inside base64 blobs. */
    static JsonNode withoutClockTimes(JsonNode node) {
        JsonNode normalized = Json.parse(Json.text(node).replaceAll(CLOCK_TIME, "<time>"));
        for (JsonNode blob : normalized.findParents("blob")) {
            byte[] decoded = Base64.getDecoder().decode(blob.get("blob").asString());
            ((ObjectNode) blob)
                    .put("blob", new String(decoded, StandardCharsets.UTF_8).replaceAll(CLOCK_TIME, "<time>"));
        }
        return normalized;
    }
}
