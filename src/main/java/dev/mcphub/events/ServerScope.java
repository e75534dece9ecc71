package dev.mcphub.events;

import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which servers' events a client of the stream may see. A key or token limited to some servers must not learn the
 * others' tools, config or changes from {@code /api/events} any more than from the REST API: an event about one
 * server reaches it only when that server is its own, an event about several (a config change, a reload's changes)
 * reaches it narrowed to its own servers, and a {@code log} line only when it names one of them in {@code
 * data.server} (the hub's other lines may name any server in their text). {@link #ALL} sends every frame as it is.
 */
public final class ServerScope {
    /** Every server: the frames are sent as rendered, nothing is looked at. */
    public static final ServerScope ALL = new ServerScope(null);

    private final @Nullable Predicate<String> mayUse;

    private ServerScope(@Nullable Predicate<String> mayUse) {
        this.mayUse = mayUse;
    }

    /** A client that may see only the servers {@code mayUse} accepts. */
    public static ServerScope only(Predicate<String> mayUse) {
        return new ServerScope(mayUse);
    }

    /** The bytes this client gets for {@code frame}, or null when none of it is the client's. */
    byte @Nullable [] view(Frame frame) {
        if (mayUse == null) {
            return frame.bytes();
        }
        ObjectNode visible = visible(mayUse, frame.name(), frame.payload());
        if (visible == null) {
            return null;
        }
        return visible == frame.payload() ? frame.bytes() : Frame.render(frame.id(), frame.name(), visible);
    }

    private static @Nullable ObjectNode visible(Predicate<String> mayUse, String name, ObjectNode payload) {
        return switch (name) {
            case SseWire.HUB_STATE, SseWire.HEARTBEAT -> payload;
            case SseWire.LOG -> named(mayUse, payload.path("data").path("server")) ? payload : null;
            case SseWire.SUBSCRIPTION_EVENT -> subscription(mayUse, payload);
            default -> null;
        };
    }

    private static @Nullable ObjectNode subscription(Predicate<String> mayUse, ObjectNode payload) {
        return switch (payload.path("type").asString("")) {
            case "tool_list_changed", "resource_list_changed", "prompt_list_changed" ->
                named(mayUse, payload.path("server")) ? payload : null;
            case "config_changed" -> config(mayUse, payload);
            case "servers_updating", "servers_updated" -> changes(mayUse, payload);
            case "workspaces_updated" -> payload; // the hubs on this machine, not their servers
            default -> null;
        };
    }

    private static boolean named(Predicate<String> mayUse, JsonNode server) {
        return server.isString() && mayUse.test(server.asString());
    }

    /** The new config with only the client's servers, and none of its other sections (profiles name servers). */
    private static ObjectNode config(Predicate<String> mayUse, ObjectNode payload) {
        ObjectNode copy = payload.deepCopy();
        if (copy.get("newConfig") instanceof ObjectNode config) {
            JsonNode servers = config.get("mcpServers");
            config.removeAll();
            if (servers instanceof ObjectNode all) {
                all.properties().removeIf(entry -> !mayUse.test(entry.getKey()));
                config.set("mcpServers", all);
            }
        }
        return copy;
    }

    /** The changes narrowed to the client's servers; null when none of its servers was added, removed or changed. */
    private static @Nullable ObjectNode changes(Predicate<String> mayUse, ObjectNode payload) {
        ObjectNode copy = payload.deepCopy();
        if (!(copy.get("changes") instanceof ObjectNode changes)) {
            return null;
        }
        boolean touched = false;
        for (String list : List.of("added", "removed", "modified", "unchanged")) {
            if (changes.get(list) instanceof ArrayNode names) {
                names.removeIf(server -> !mayUse.test(server.asString("")));
                touched |= !list.equals("unchanged") && !names.isEmpty();
            }
        }
        if (changes.get("details") instanceof ObjectNode details) {
            details.properties().removeIf(entry -> !mayUse.test(entry.getKey()));
        }
        return touched ? copy : null;
    }
}
