package dev.mcphub.hub;

import dev.mcphub.upstream.Capabilities;
import dev.mcphub.upstream.ListKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every connected server's tools, prompts, resources and resource templates under namespaced names
 * ({@code <server_id>__<name>}, URIs {@code <server_id>__<uri>}), in a fixed order: servers in config
 * order, each server's items in its own order. Every other field of an item is the server's, unchanged.
 * Immutable; rebuilt when a server or its lists change.
 */
public final class Catalog {
    public static final String SEPARATOR = "__";
    public static final Catalog EMPTY = new Catalog(Map.of(), new EnumMap<>(ListKind.class), Map.of(), Owners.NONE);

    /** Where a namespaced name leads: the server and the item's own name or URI. */
    public record Route(String server, String name) {}

    private final Map<String, String> serverIds;
    private final Map<ListKind, List<JsonNode>> lists;
    private final Map<ListKind, Map<String, Route>> routes;
    private final Map<String, String> serversById;
    private final Owners owners;

    private Catalog(
            Map<String, String> serverIds,
            Map<ListKind, List<JsonNode>> lists,
            Map<ListKind, Map<String, Route>> routes,
            Owners owners) {
        this.owners = owners;
        this.serverIds = Map.copyOf(serverIds);
        this.lists = lists;
        this.routes = routes;
        Map<String, String> byId = new HashMap<>();
        serverIds.forEach((name, id) -> byId.put(id, name));
        this.serversById = Map.copyOf(byId);
    }

    /** Builds the catalogue of the connected servers among {@code servers} (all of them, in config order). */
    static Catalog of(List<ServerView> servers) {
        Map<String, String> ids =
                ServerIds.assign(servers.stream().map(ServerView::name).toList());
        Map<ListKind, List<JsonNode>> lists = new EnumMap<>(ListKind.class);
        Map<ListKind, Map<String, Route>> routes = new EnumMap<>(ListKind.class);
        for (ListKind kind : ListKind.values()) {
            List<JsonNode> items = new ArrayList<>();
            Map<String, Route> kindRoutes = new HashMap<>();
            for (ServerView server : servers) {
                if (server.isConnected()) {
                    addAll(kind, server.name(), ids.get(server.name()), server.capabilities(), items, kindRoutes);
                }
            }
            lists.put(kind, List.copyOf(items));
            routes.put(kind, Map.copyOf(kindRoutes));
        }
        return new Catalog(ids, lists, routes, Owners.of(servers));
    }

    /** Who owns the servers' own (unprefixed) names and URIs. */
    public Owners owners() {
        return owners;
    }

    public List<JsonNode> list(ListKind kind) {
        return lists.getOrDefault(kind, List.of());
    }

    /** The route of a namespaced tool or prompt name, or of a resource URI listed by a server. */
    public Route route(ListKind kind, String namespaced) {
        Map<String, Route> kindRoutes = routes.get(kind);
        return kindRoutes == null ? null : kindRoutes.get(namespaced);
    }

    /**
     * The route of any namespaced resource URI: a listed one, or one a template produced ({@code
     * <server_id>__<uri>}), split at the first separator.
     */
    public Route routeResource(String uri) {
        Route listed = route(ListKind.RESOURCES, uri);
        if (listed != null) {
            return listed;
        }
        int at = uri.indexOf(SEPARATOR);
        if (at <= 0) {
            return null;
        }
        String server = serversById.get(uri.substring(0, at));
        return server == null ? null : new Route(server, uri.substring(at + SEPARATOR.length()));
    }

    /** The id a server's names are prefixed with, or null for a server not in the config. */
    public String serverId(String server) {
        return serverIds.get(server);
    }

    public String serverById(String id) {
        return serversById.get(id);
    }

    /** The kinds whose lists differ between this catalogue and {@code other}. */
    public Set<ListKind> changedKinds(Catalog other) {
        Set<ListKind> changed = EnumSet.noneOf(ListKind.class);
        for (ListKind kind : ListKind.values()) {
            if (!list(kind).equals(other.list(kind))) {
                changed.add(kind);
            }
        }
        return changed;
    }

    private static void addAll(
            ListKind kind,
            String server,
            String id,
            Capabilities capabilities,
            List<JsonNode> items,
            Map<String, Route> routes) {
        String key = switch (kind) {
            case TOOLS, PROMPTS -> "name";
            case RESOURCES -> "uri";
            case RESOURCE_TEMPLATES -> "uriTemplate";
        };
        for (JsonNode item : capabilities.get(kind)) {
            JsonNode original = item.get(key);
            if (!(item instanceof ObjectNode object) || original == null || !original.isString()) {
                continue; // Nameless items cannot be routed; the server sent something invalid.
            }
            String namespaced = exposed(kind, id, original.asString(), server, routes);
            if (namespaced == null) {
                continue; // The server listed the same name twice: the first one wins.
            }
            ObjectNode copy = object.deepCopy();
            copy.put(key, namespaced);
            items.add(copy);
        }
    }

    /**
     * Claims the name clients see for one item and returns it, or null for an item the server listed twice.
     * Tools and prompts get names every client accepts ({@link ExposedNames}); two items whose names would
     * meet (a server id that holds the separator) keep apart, the later one in config order taking the hashed
     * form. URIs are the server's, prefixed.
     */
    static String exposed(ListKind kind, String id, String name, String server, Map<String, Route> routes) {
        Route route = new Route(server, name);
        boolean named = kind == ListKind.TOOLS || kind == ListKind.PROMPTS;
        String exposed = named ? ExposedNames.of(id, name) : id + SEPARATOR + name;
        Route taken = routes.putIfAbsent(exposed, route);
        if (taken == null) {
            return exposed;
        }
        if (taken.equals(route) || !named) {
            return null;
        }
        String apart = ExposedNames.hashed(id, name);
        for (int n = 2; routes.putIfAbsent(apart, route) != null; n++) {
            if (routes.get(apart).equals(route)) {
                return null;
            }
            apart = ExposedNames.hashed(id, name + "#" + n);
        }
        return apart;
    }
}
