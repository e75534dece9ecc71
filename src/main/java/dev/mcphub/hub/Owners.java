package dev.mcphub.hub;

import dev.mcphub.upstream.Capabilities;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Which connected servers own a tool name or a resource URI as the server itself spells it, without the
 * {@code <server_id>__} prefix: what clients receive inside results and {@code _meta} (an MCP Apps tool's
 * {@code _meta.ui.resourceUri}, an app calling its own app-only tool), so that they can use it through the hub
 * exactly as received. A resource URI is owned by the servers that list it or name it in a tool's {@code _meta},
 * else by those with a template that matches it. Servers in config order. Immutable.
 */
public final class Owners {
    static final Owners NONE = new Owners(Map.of(), Map.of(), Map.of());

    private final Map<String, List<String>> tools;
    private final Map<String, List<String>> resources;
    private final Map<String, List<Pattern>> templates;

    private Owners(
            Map<String, List<String>> tools,
            Map<String, List<String>> resources,
            Map<String, List<Pattern>> templates) {
        this.tools = tools;
        this.resources = resources;
        this.templates = templates;
    }

    /** The index of these servers' lists (connected ones, in config order). */
    static Owners of(List<ServerView> servers) {
        Map<String, Set<String>> tools = new LinkedHashMap<>();
        Map<String, Set<String>> resources = new LinkedHashMap<>();
        Map<String, List<Pattern>> templates = new LinkedHashMap<>();
        for (ServerView server : servers) {
            if (!server.isConnected()) {
                continue;
            }
            Capabilities lists = server.capabilities();
            for (JsonNode tool : lists.tools()) {
                add(tools, tool.path("name").asString(null), server.name());
                add(resources, tool.at("/_meta/ui/resourceUri").asString(null), server.name());
                add(resources, tool.path("_meta").path("ui/resourceUri").asString(null), server.name());
            }
            for (JsonNode resource : lists.resources()) {
                add(resources, resource.path("uri").asString(null), server.name());
            }
            List<Pattern> patterns = new ArrayList<>();
            for (JsonNode template : lists.resourceTemplates()) {
                String uriTemplate = template.path("uriTemplate").asString(null);
                if (uriTemplate != null) {
                    patterns.add(pattern(uriTemplate));
                }
            }
            if (!patterns.isEmpty()) {
                templates.put(server.name(), List.copyOf(patterns));
            }
        }
        return new Owners(frozen(tools), frozen(resources), Map.copyOf(templates));
    }

    /** The servers with a tool of this very name. */
    public List<String> ofTool(String name) {
        return tools.getOrDefault(name, List.of());
    }

    /** The servers that list this URI as a resource or name it in a tool's {@code _meta}. */
    public List<String> ofResource(String uri) {
        return resources.getOrDefault(uri, List.of());
    }

    /** The servers with a resource template that matches this URI. */
    public List<String> ofTemplate(String uri) {
        List<String> owners = new ArrayList<>();
        templates.forEach((server, patterns) -> {
            if (patterns.stream().anyMatch(p -> p.matcher(uri).matches())) {
                owners.add(server);
            }
        });
        return owners;
    }

    private static final Pattern EXPRESSION = Pattern.compile("\\{([+#./;?&]?)[^}]*}");

    /** An RFC 6570 URI template as a pattern that matches the URIs it can expand to. */
    static Pattern pattern(String uriTemplate) {
        StringBuilder regex = new StringBuilder();
        Matcher m = EXPRESSION.matcher(uriTemplate);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(uriTemplate.substring(last, m.start())));
            regex.append(
                    switch (m.group(1)) {
                        case "+", "#" -> ".*";
                        case "." -> "(?:\\.[^/?#]*)*";
                        case "/" -> "(?:/[^/?#]*)*";
                        case ";" -> "(?:;[^/?#]*)*";
                        case "?", "&" -> "(?:[?&][^#]*)?";
                        default -> "[^/?#]*";
                    });
            last = m.end();
        }
        regex.append(Pattern.quote(uriTemplate.substring(last)));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static void add(Map<String, Set<String>> index, String key, String server) {
        if (key != null && !key.isEmpty()) {
            index.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(server);
        }
    }

    private static Map<String, List<String>> frozen(Map<String, Set<String>> index) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        index.forEach((key, servers) -> copy.put(key, List.copyOf(servers)));
        return Map.copyOf(copy);
    }
}
