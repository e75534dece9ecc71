package dev.mcphub.events;

import dev.mcphub.config.ConfigDiff;
import dev.mcphub.config.Secrets;
import dev.mcphub.hub.HubEvent;
import dev.mcphub.hub.HubState;
import dev.mcphub.json.Json;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The SSE wire contract in one place: which hub event becomes which {@code event:} name and payload. The
 * names and fields are the reference's, which editor plugins depend on; {@code timestamp} is added when
 * the event is sent.
 */
final class SseWire {
    static final String HEARTBEAT = "heartbeat";
    static final String HUB_STATE = "hub_state";
    static final String LOG = "log";
    static final String SUBSCRIPTION_EVENT = "subscription_event";

    private final long pid;
    private final java.util.function.IntSupplier port;

    SseWire(long pid, java.util.function.IntSupplier port) {
        this.pid = pid;
        this.port = port;
    }

    Optional<WireEvent> toWire(HubEvent event) {
        return Optional.ofNullable(
                switch (event) {
                    case HubEvent.StateChanged e -> new WireEvent(HUB_STATE, hubState(e));
                    case HubEvent.Log e -> new WireEvent(LOG, log(e));
                    case HubEvent.ConfigReloadFailed e -> new WireEvent(LOG, reloadFailed(e));
                    case HubEvent.ServersUpdating e -> subscription("servers_updating", serversUpdating(e));
                    case HubEvent.ServersUpdated e -> subscription("servers_updated", serversUpdated(e));
                    case HubEvent.ToolListChanged e ->
                        subscription("tool_list_changed", server(e.server()).set("tools", Json.array(e.tools())));
                    case HubEvent.ResourceListChanged e ->
                        subscription(
                                "resource_list_changed",
                                server(e.server())
                                        .set("resources", Json.array(e.resources()))
                                        .set("resourceTemplates", Json.array(e.resourceTemplates())));
                    case HubEvent.PromptListChanged e ->
                        subscription("prompt_list_changed", server(e.server()).set("prompts", Json.array(e.prompts())));
                    case HubEvent.ConfigChanged e -> subscription("config_changed", configChanged(e));
                    case HubEvent.WorkspacesUpdated e ->
                        subscription("workspaces_updated", Json.object().set("workspaces", e.workspaces()));
                    case HubEvent.CatalogChanged e -> null;
                    case HubEvent.UpstreamNotification e -> null;
                });
    }

    ObjectNode hubState(HubEvent.StateChanged event) {
        ObjectNode payload = Json.object();
        payload.put("state", event.state().wire());
        payload.put("server_id", "mcp-hub");
        payload.put("pid", pid);
        payload.put("port", port.getAsInt());
        if (event.state() == HubState.RESTARTED) {
            payload.put("has_restarted", true);
        }
        if (event.message() != null) {
            payload.put("message", event.message());
            payload.put("code", event.code());
        }
        return payload;
    }

    static ObjectNode heartbeat(int connections) {
        return Json.object().put("connections", connections);
    }

    private static ObjectNode log(HubEvent.Log event) {
        ObjectNode payload = Json.object();
        payload.put("type", event.level());
        payload.put("message", event.message());
        payload.set("data", event.data() == null ? Json.object() : event.data());
        if (event.code() != null) {
            payload.put("code", event.code());
        }
        return payload;
    }

    /** The reload error as the log event clients have always had: level error, code CONFIG_RELOAD_ERROR. */
    private static ObjectNode reloadFailed(HubEvent.ConfigReloadFailed event) {
        ObjectNode data = Json.object();
        event.details().forEach((key, value) -> data.set(key, Json.tree(value)));
        if (!event.details().containsKey("reason")) {
            data.put("reason", event.reason());
        }
        ObjectNode payload = Json.object();
        payload.put("type", "error");
        payload.put("message", "Config reload failed; the running servers are unchanged: " + event.reason());
        payload.set("data", data);
        payload.put("code", "CONFIG_RELOAD_ERROR");
        return payload;
    }

    /** The reference's {@code changes} object of {@code servers_updating} and {@code servers_updated}. */
    static ObjectNode changes(HubEvent.Changes changes) {
        ObjectNode json = Json.object();
        switch (changes) {
            case HubEvent.Changes.Modified one -> json.putArray("modified").add(one.server());
            case HubEvent.Changes.Diff(ConfigDiff diff) -> {
                json.set("added", Json.tree(diff.added()));
                json.set("removed", Json.tree(diff.removed()));
                json.set("modified", Json.tree(diff.modified()));
                json.set("unchanged", Json.tree(diff.unchanged()));
                ObjectNode details = json.putObject("details");
                diff.details().forEach((name, change) -> {
                    ObjectNode detail = details.putObject(name);
                    detail.set("modifiedFields", Json.tree(change.modifiedFields()));
                    ObjectNode oldValues = detail.putObject("oldValues");
                    change.oldValues().forEach((field, value) -> oldValues.set(field, masked(field, value)));
                    ObjectNode newValues = detail.putObject("newValues");
                    change.newValues().forEach((field, value) -> newValues.set(field, masked(field, value)));
                });
            }
        }
        return json;
    }

    private static ObjectNode serversUpdating(HubEvent.ServersUpdating event) {
        ObjectNode payload = Json.object().set("changes", changes(event.changes()));
        putIfPresent(payload, "reason", event.reason());
        putFiles(payload, event.files());
        return payload;
    }

    private static ObjectNode serversUpdated(HubEvent.ServersUpdated event) {
        ObjectNode payload = Json.object().set("changes", changes(event.changes()));
        putIfPresent(payload, "reason", event.reason());
        putFiles(payload, event.files());
        if (event.newCapabilities() != null) {
            payload.set("newCapabilities", event.newCapabilities().toJson());
        }
        putIfPresent(payload, "error", event.error());
        putIfPresent(payload, "status", event.status());
        return payload;
    }

    private static ObjectNode configChanged(HubEvent.ConfigChanged event) {
        ObjectNode payload = Json.object();
        if (event.newConfig() instanceof ObjectNode config) {
            payload.set("newConfig", masked(config));
        }
        payload.put("isSignificant", event.significant());
        return payload;
    }

    /**
     * The config as the reference sends it, with every server's secret values ({@code env}, {@code headers}, an
     * OAuth client secret) masked as the REST API shows them: the reference runs on one machine for one user, but
     * this stream reaches every dashboard and plugin of a shared hub, its replay buffer and, in a cluster, Redis.
     */
    private static ObjectNode masked(ObjectNode config) {
        ObjectNode copy = config.deepCopy();
        if (copy.get("mcpServers") instanceof ObjectNode servers) {
            servers.properties().forEach(entry -> entry.setValue(Secrets.mask(entry.getValue())));
        }
        return copy;
    }

    /** One field of a server entry in a change's old or new values, masked as {@link Secrets#mask} masks it. */
    private static JsonNode masked(String field, JsonNode value) {
        return Secrets.mask(Json.object().set(field, value)).get(field);
    }

    private static WireEvent subscription(String type, ObjectNode fields) {
        ObjectNode payload = Json.object().put("type", type);
        payload.setAll(fields);
        return new WireEvent(SUBSCRIPTION_EVENT, payload);
    }

    private static ObjectNode server(String name) {
        return Json.object().put("server", name);
    }

    private static void putIfPresent(ObjectNode payload, String field, String value) {
        if (value != null) {
            payload.put(field, value);
        }
    }

    private static void putFiles(ObjectNode payload, List<String> files) {
        if (files != null) {
            payload.set("files", Json.tree(files));
        }
    }
}
