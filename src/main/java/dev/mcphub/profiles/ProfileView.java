package dev.mcphub.profiles;

import dev.mcphub.config.ProfileConfig;
import dev.mcphub.hub.Catalog;
import dev.mcphub.hub.HubSnapshot;
import dev.mcphub.upstream.ListKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one profile shows at one catalogue: its tools, prompts, resources and templates under the names its
 * clients see, and the route of each name back to a server's own. Computed from the hub's catalogue, so a
 * tool that is not renamed keeps the name it has on {@code /mcp}. Immutable.
 */
public final class ProfileView {
    private final ProfileConfig config;
    private final Map<ListKind, List<JsonNode>> items;
    private final Map<ListKind, Map<String, Catalog.Route>> routes;
    private final List<JsonNode> listedTools;
    /** Built on first use; see {@link #search()}. */
    private volatile @Nullable ToolSearch search;

    private ProfileView(
            ProfileConfig config,
            Map<ListKind, List<JsonNode>> items,
            Map<ListKind, Map<String, Catalog.Route>> routes,
            List<JsonNode> listedTools) {
        this.config = config;
        this.items = items;
        this.routes = routes;
        this.listedTools = listedTools;
    }

    static ProfileView of(ProfileConfig config, HubSnapshot snapshot) {
        Catalog catalog = snapshot.catalog();
        Map<ListKind, List<JsonNode>> items = new EnumMap<>(ListKind.class);
        Map<ListKind, Map<String, Catalog.Route>> routes = new EnumMap<>(ListKind.class);
        for (ListKind kind : ListKind.values()) {
            List<JsonNode> kept = new ArrayList<>();
            Map<String, Catalog.Route> kindRoutes = new HashMap<>();
            for (JsonNode item : catalog.list(kind)) {
                include(config, catalog, kind, item, kept, kindRoutes);
            }
            items.put(kind, List.copyOf(kept));
            routes.put(kind, Map.copyOf(kindRoutes));
        }
        List<JsonNode> tools = items.getOrDefault(ListKind.TOOLS, List.of());
        List<JsonNode> listed = config.discovery() == ProfileConfig.Discovery.SEARCH
                ? searchModeTools(config, tools, routes.getOrDefault(ListKind.TOOLS, Map.of()))
                : tools;
        return new ProfileView(config, items, routes, listed);
    }

    public ProfileConfig config() {
        return config;
    }

    public boolean searchMode() {
        return config.discovery() == ProfileConfig.Discovery.SEARCH;
    }

    /** What the {@code list} methods answer: in search mode the meta-tools and pinned tools instead of every tool. */
    public List<JsonNode> listed(ListKind kind) {
        return kind == ListKind.TOOLS ? listedTools : all(kind);
    }

    /** Every item the profile includes, listed or not (search mode finds and calls among all its tools). */
    public List<JsonNode> all(ListKind kind) {
        // Every kind has an entry (see of()); the default only spares callers a null that cannot happen.
        return items.getOrDefault(kind, List.of());
    }

    /** The route of a tool, prompt, resource or template name the profile includes, or null. */
    public Catalog.@Nullable Route route(ListKind kind, String name) {
        return routes.getOrDefault(kind, Map.of()).get(name);
    }

    /** The route of a resource URI, listed or made from a template of an included server, or null. */
    public Catalog.@Nullable Route routeResource(Catalog catalog, String uri) {
        Catalog.Route listed = route(ListKind.RESOURCES, uri);
        if (listed != null) {
            return listed;
        }
        Catalog.Route route = catalog.routeResource(uri);
        return route != null && includesResourcesOf(route.server()) ? route : null;
    }

    public boolean includes(String server) {
        return config.servers().containsKey(server);
    }

    /** The search index over every included tool, built on first use (most profiles never search). */
    public ToolSearch search() {
        ToolSearch index = search;
        if (index == null) {
            synchronized (this) {
                index = search;
                if (index == null) {
                    index = ToolSearch.of(all(ListKind.TOOLS));
                    search = index;
                }
            }
        }
        return index;
    }

    private boolean includesResourcesOf(String server) {
        ProfileConfig.ServerFilter filter = config.servers().get(server);
        return filter != null && filter.resources();
    }

    private static void include(
            ProfileConfig config,
            Catalog catalog,
            ListKind kind,
            JsonNode item,
            List<JsonNode> kept,
            Map<String, Catalog.Route> routes) {
        String key = key(kind);
        String exposed = item.path(key).asString(null);
        Catalog.Route route = exposed == null ? null : catalog.route(kind, exposed);
        if (route == null) {
            return;
        }
        ProfileConfig.ServerFilter filter = config.servers().get(route.server());
        if (filter == null) {
            return;
        }
        switch (kind) {
            case TOOLS -> {
                if (!filter.includesTool(route.name())) {
                    return;
                }
                String renamed = filter.renames().get(route.name());
                String description = filter.descriptions().get(route.name());
                if (renamed != null || description != null) {
                    ObjectNode copy = ((ObjectNode) item).deepCopy();
                    if (renamed != null) {
                        copy.put(key, renamed);
                        exposed = renamed;
                    }
                    if (description != null) {
                        copy.put("description", description);
                    }
                    item = copy;
                }
            }
            case PROMPTS -> {
                if (!filter.prompts()) {
                    return;
                }
            }
            case RESOURCES, RESOURCE_TEMPLATES -> {
                if (!filter.resources()) {
                    return;
                }
            }
        }
        if (routes.putIfAbsent(exposed, route) == null) {
            kept.add(item);
        }
    }

    private static List<JsonNode> searchModeTools(
            ProfileConfig config, List<JsonNode> tools, Map<String, Catalog.Route> routes) {
        List<JsonNode> listed = new ArrayList<>(MetaTools.definitions());
        for (JsonNode tool : tools) {
            String name = tool.path("name").asString(null);
            // A server may mark a tool to stay loaded when clients search for the rest (Anthropic's tool
            // search reads the same key); the profile's own pins add to those.
            boolean alwaysLoad = tool.path("_meta").path("anthropic/alwaysLoad").asBoolean(false);
            if (routes.containsKey(name) && (alwaysLoad || config.pinned().contains(name))) {
                listed.add(tool);
            }
        }
        return List.copyOf(listed);
    }

    static String key(ListKind kind) {
        return switch (kind) {
            case TOOLS, PROMPTS -> "name";
            case RESOURCES -> "uri";
            case RESOURCE_TEMPLATES -> "uriTemplate";
        };
    }
}
