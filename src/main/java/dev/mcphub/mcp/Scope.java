package dev.mcphub.mcp;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.hub.Catalog;
import dev.mcphub.hub.HubSnapshot;
import dev.mcphub.hub.Owners;
import dev.mcphub.hub.ServerView;
import dev.mcphub.json.Json;
import dev.mcphub.profiles.ProfileView;
import dev.mcphub.profiles.Profiles;
import dev.mcphub.upstream.ListKind;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What a session sees: every connected server under namespaced names, one server as it is, or a profile's
 * view (some servers, filtered and renamed, maybe searched instead of listed). The scope turns names from the
 * client into routes.
 */
sealed interface Scope {

    List<JsonNode> list(HubSnapshot snapshot, ListKind kind);

    /**
     * The route of a tool or prompt name, or null when there is no such item.
     *
     * @throws HubException VALIDATION_ERROR naming the candidates when several servers could own the name
     */
    Catalog.Route route(HubSnapshot snapshot, ListKind kind, String name);

    /**
     * The route of a resource URI (listed, template-made or handed out in a result), or null.
     *
     * @throws HubException VALIDATION_ERROR naming the candidates when several servers could own the URI
     */
    Catalog.Route routeResource(HubSnapshot snapshot, String uri);

    /** Notes the URIs in a result {@code server} gave, so that the client can use them as received. */
    void saw(String server, JsonNode result);

    boolean includes(String server);

    /**
     * Every connected server, namespaced as the reference does ({@code <server_id>__<name>}). A name or URI
     * in a server's own spelling, as clients receive it inside results and {@code _meta}, is routed to the one
     * server that owns it.
     */
    record Aggregate(Sightings sightings) implements Scope {
        @Override
        public List<JsonNode> list(HubSnapshot snapshot, ListKind kind) {
            return snapshot.catalog().list(kind);
        }

        @Override
        public Catalog.Route route(HubSnapshot snapshot, ListKind kind, String name) {
            Catalog.Route namespaced = snapshot.catalog().route(kind, name);
            if (namespaced != null || kind != ListKind.TOOLS) {
                return namespaced;
            }
            return unique(snapshot, "Tool", name, snapshot.catalog().owners().ofTool(name));
        }

        @Override
        public Catalog.Route routeResource(HubSnapshot snapshot, String uri) {
            Catalog catalog = snapshot.catalog();
            Catalog.Route listed = catalog.route(ListKind.RESOURCES, uri);
            if (listed != null) {
                return listed;
            }
            Owners owners = catalog.owners();
            Set<String> named = new LinkedHashSet<>(owners.ofResource(uri));
            named.addAll(sightings.of(uri));
            Catalog.Route own = unique(snapshot, "Resource", uri, List.copyOf(named));
            if (own != null) {
                return own;
            }
            Catalog.Route prefixed = catalog.routeResource(uri);
            if (prefixed != null) {
                return prefixed;
            }
            return unique(snapshot, "Resource", uri, owners.ofTemplate(uri));
        }

        @Override
        public void saw(String server, JsonNode result) {
            sightings.record(server, result);
        }

        @Override
        public boolean includes(String server) {
            return true;
        }

        /** The route to the one connected candidate; null when there is none; an error naming them all. */
        private static Catalog.Route unique(HubSnapshot snapshot, String what, String name, List<String> servers) {
            List<String> connected = servers.stream()
                    .filter(server ->
                            snapshot.server(server).map(ServerView::isConnected).orElse(false))
                    .toList();
            if (connected.size() == 1) {
                return new Catalog.Route(connected.getFirst(), name);
            }
            if (connected.isEmpty()) {
                return null;
            }
            List<String> choices = connected.stream()
                    .map(server -> snapshot.catalog().serverId(server) + Catalog.SEPARATOR + name)
                    .toList();
            throw new HubException(
                    ErrorCode.VALIDATION_ERROR,
                    what + " '" + name + "' belongs to several servers (" + String.join(", ", connected)
                            + "): use one of " + String.join(", ", choices),
                    Map.of(what.toLowerCase(java.util.Locale.ROOT), name, "candidates", choices));
        }
    }

    /** One server, its names unchanged. */
    record Single(String server) implements Scope {
        @Override
        public List<JsonNode> list(HubSnapshot snapshot, ListKind kind) {
            return snapshot.server(server)
                    .map(ServerView::capabilities)
                    .map(c -> c.get(kind))
                    .orElse(List.of());
        }

        @Override
        public Catalog.Route route(HubSnapshot snapshot, ListKind kind, String name) {
            boolean listed = list(snapshot, kind).stream().anyMatch(item -> name.equals(Json.string(item, "name")));
            return listed ? new Catalog.Route(server, name) : null;
        }

        @Override
        public Catalog.Route routeResource(HubSnapshot snapshot, String uri) {
            return new Catalog.Route(server, uri);
        }

        @Override
        public void saw(String server, JsonNode result) {
            // Names are the server's own here: nothing to route.
        }

        @Override
        public boolean includes(String name) {
            return server.equals(name);
        }
    }

    /** A profile's view; empty lists when the profile was removed from the config. */
    record Profile(String name, Profiles profiles) implements Scope {
        Optional<ProfileView> view(HubSnapshot snapshot) {
            return profiles.view(name, snapshot);
        }

        @Override
        public List<JsonNode> list(HubSnapshot snapshot, ListKind kind) {
            return view(snapshot).map(v -> v.listed(kind)).orElse(List.of());
        }

        @Override
        public Catalog.Route route(HubSnapshot snapshot, ListKind kind, String name) {
            return view(snapshot).map(v -> v.route(kind, name)).orElse(null);
        }

        @Override
        public Catalog.Route routeResource(HubSnapshot snapshot, String uri) {
            return view(snapshot)
                    .map(v -> v.routeResource(snapshot.catalog(), uri))
                    .orElse(null);
        }

        @Override
        public void saw(String server, JsonNode result) {
            // A profile routes the names of its own view only.
        }

        @Override
        public boolean includes(String server) {
            return profiles.view(name).map(v -> v.includes(server)).orElse(false);
        }
    }
}
