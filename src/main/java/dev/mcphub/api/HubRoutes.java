package dev.mcphub.api;

import dev.mcphub.auth.Access;
import dev.mcphub.config.HubConfig;
import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.hub.Hub;
import dev.mcphub.hub.HubSnapshot;
import dev.mcphub.json.Json;
import dev.mcphub.upstream.ListKind;
import java.util.List;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The routes about the hub itself: health, restart, hard restart, the hubs on this machine. */
final class HubRoutes {
    private final Hub hub;
    private final String version;
    private final HealthSources health;
    private final Supplier<HubConfig> configFromDisk;
    private final Runnable hardRestart;

    HubRoutes(Hub hub, String version, HealthSources health, Supplier<HubConfig> configFromDisk, Runnable hardRestart) {
        this.hub = hub;
        this.version = version;
        this.health = health;
        this.configFromDisk = configFromDisk;
        this.hardRestart = hardRestart;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", "/api/health", "The hub's state, servers, clients and endpoints", this::health),
                new Route("POST", "/api/restart", "Re-read the config and reconnect every server", r -> restart()),
                new Route("POST", "/api/hard-restart", "Exit so that a supervisor starts the hub afresh", r -> hard()),
                new Route("GET", "/api/workspaces", "Every hub running on this machine, by port", r -> workspaces()));
    }

    /** A caller limited to some servers hears only of those: not their status, not their items in the counts. */
    private JsonNode health(ApiRequest request) {
        Access access = request.access();
        HubSnapshot snapshot = hub.snapshot();
        ObjectNode body = Json.object();
        body.put("status", "ok");
        body.put("state", snapshot.state().wire());
        body.put("server_id", "mcp-hub");
        body.put("version", version);
        body.put("activeClients", health.eventClients());
        ArrayNode servers = body.putArray("servers");
        snapshot.servers().stream()
                .filter(view -> access.mayUse(view.name()))
                .forEach(view -> servers.add(StatusJson.of(view)));
        body.set("connections", connections());
        body.set("mcpEndpoint", mcpEndpoint(snapshot, health.mcpClients(), access));
        body.set("workspaces", workspacesHealth());
        return body;
    }

    /** {@code {totalConnections, connections:[{id, state, connectedAt, lastEventAt}]}}. */
    private ObjectNode connections() {
        List<HealthSources.EventClient> clients = health.eventConnections();
        ObjectNode connections = Json.object();
        connections.put("totalConnections", clients.size());
        ArrayNode list = connections.putArray("connections");
        for (HealthSources.EventClient client : clients) {
            ObjectNode entry = list.addObject();
            entry.put("id", client.id());
            entry.put("state", client.connected() ? "connected" : "disconnected");
            entry.put("connectedAt", client.connectedAt().toString());
            entry.put(
                    "lastEventAt",
                    client.lastEventAt() == null ? null : client.lastEventAt().toString());
        }
        return connections;
    }

    /**
     * {@code {activeClients, registeredCapabilities:{...}, totalCapabilities}}, counting only the items of the
     * servers {@code access} may use (also for the dashboard's health view, {@link CallRoutes}).
     */
    static ObjectNode mcpEndpoint(HubSnapshot snapshot, int clients, Access access) {
        ObjectNode stats = Json.object();
        stats.put("activeClients", clients);
        ObjectNode counts = stats.putObject("registeredCapabilities");
        int total = 0;
        for (ListKind kind : ListKind.values()) {
            int count = access.allServers()
                    ? snapshot.catalog().list(kind).size()
                    : snapshot.servers().stream()
                            .filter(view -> view.isConnected() && access.mayUse(view.name()))
                            .mapToInt(view -> view.capabilities().get(kind).size())
                            .sum();
            counts.put(kind.field(), count);
            total += count;
        }
        stats.put("totalCapabilities", total);
        return stats;
    }

    /** {@code {current, allActive}}; never fails (an unreadable workspaces file shows as none). */
    private ObjectNode workspacesHealth() {
        ObjectNode workspaces = Json.object();
        workspaces.put("current", health.currentWorkspace());
        JsonNode active;
        try {
            active = health.allWorkspaces();
        } catch (HubException e) {
            active = Json.object();
        }
        workspaces.set("allActive", active);
        return workspaces;
    }

    private JsonNode restart() {
        HubConfig config;
        try {
            config = configFromDisk.get();
        } catch (HubException e) {
            throw new HubException(ErrorCode.HUB_RESTART_ERROR, "Restart failed: " + e.getMessage(), e.data(), e);
        }
        hub.restart(config);
        return Json.object().put("status", "ok");
    }

    private JsonNode workspaces() {
        return Json.object().set("workspaces", health.allWorkspaces());
    }

    private JsonNode hard() {
        hardRestart.run();
        return Json.object().put("status", "ok");
    }
}
