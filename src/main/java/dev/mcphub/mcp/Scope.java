package dev.mcphub.mcp;

import dev.mcphub.hub.Catalog;
import dev.mcphub.hub.HubSnapshot;
import dev.mcphub.hub.ServerView;
import dev.mcphub.json.Json;
import dev.mcphub.profiles.ProfileView;
import dev.mcphub.profiles.Profiles;
import dev.mcphub.upstream.ListKind;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What a session sees: every connected server under namespaced names, one server as it is, or a profile's
 * view (some servers, filtered and renamed, maybe searched instead of listed). The
 * scope turns names from the client into routes and the server's names into what the client sees.
 */
sealed interface Scope {

    List<JsonNode> list(HubSnapshot snapshot, ListKind kind);

    /** The route of a tool or prompt name, or null when there is no such item. */
    Catalog.Route route(HubSnapshot snapshot, ListKind kind, String name);

    /** The route of a resource URI (listed or template-made), or null. */
    Catalog.Route routeResource(HubSnapshot snapshot, String uri);

    /** The URI the client knows for a server's own resource URI. */
    String clientUri(HubSnapshot snapshot, String server, String uri);

    boolean includes(String server);

    /** Every connected server, namespaced. */
    record Aggregate() implements Scope {
        @Override
        public List<JsonNode> list(HubSnapshot snapshot, ListKind kind) {
            return snapshot.catalog().list(kind);
        }

        @Override
        public Catalog.Route route(HubSnapshot snapshot, ListKind kind, String name) {
            return snapshot.catalog().route(kind, name);
        }

        @Override
        public Catalog.Route routeResource(HubSnapshot snapshot, String uri) {
            return snapshot.catalog().routeResource(uri);
        }

        @Override
        public String clientUri(HubSnapshot snapshot, String server, String uri) {
            String id = snapshot.catalog().serverId(server);
            return id == null ? uri : id + Catalog.SEPARATOR + uri;
        }

        @Override
        public boolean includes(String server) {
            return true;
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
        public String clientUri(HubSnapshot snapshot, String server, String uri) {
            return uri;
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
        public String clientUri(HubSnapshot snapshot, String server, String uri) {
            return new Aggregate().clientUri(snapshot, server, uri);
        }

        @Override
        public boolean includes(String server) {
            return profiles.view(name).map(v -> v.includes(server)).orElse(false);
        }
    }
}
