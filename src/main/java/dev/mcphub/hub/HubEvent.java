package dev.mcphub.hub;

import dev.mcphub.config.ConfigDiff;
import dev.mcphub.jsonrpc.JsonRpcMessage.Notification;
import dev.mcphub.upstream.Capabilities;
import dev.mcphub.upstream.ListKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Everything that happens in the hub that someone outside may want to hear of. The SSE stream turns most
 * of these into wire events (in one switch, in the events package); the MCP endpoint listens to the
 * catalogue and upstream notifications.
 */
public sealed interface HubEvent {

    /** The hub's lifecycle state; {@code message} and {@code code} are set for {@link HubState#ERROR}. */
    record StateChanged(HubState state, String message, String code) implements HubEvent {
        public StateChanged(HubState state) {
            this(state, null, null);
        }
    }

    /** What a {@code servers_updating} or {@code servers_updated} event says changed. */
    sealed interface Changes {
        /** A config reload: every server added, removed, modified or unchanged, with the details. */
        record Diff(ConfigDiff diff) implements Changes {}

        /** One server changed by a command, a dev-mode restart or on its own. */
        record Modified(String server) implements Changes {}
    }

    /**
     * Servers are about to change. {@code changes} becomes the reference's changes object; {@code reason} and
     * {@code files} are set for dev-mode restarts.
     */
    record ServersUpdating(Changes changes, String reason, List<String> files) implements HubEvent {}

    /**
     * Servers have changed. Beyond {@code changes}: {@code reason} (dev_file_change, server_status, ...),
     * {@code files} (dev mode), {@code newCapabilities} or {@code error} (dev mode), {@code status} (a
     * server's status changed on its own: crashed, reconnected). Null fields are left out on the wire.
     */
    record ServersUpdated(
            Changes changes,
            String reason,
            List<String> files,
            Capabilities newCapabilities,
            String error,
            String status)
            implements HubEvent {
        public static ServersUpdated of(Changes changes) {
            return new ServersUpdated(changes, null, null, null, null, null);
        }
    }

    record ToolListChanged(String server, List<JsonNode> tools) implements HubEvent {}

    record ResourceListChanged(String server, List<JsonNode> resources, List<JsonNode> resourceTemplates)
            implements HubEvent {}

    record PromptListChanged(String server, List<JsonNode> prompts) implements HubEvent {}

    /** A config reload; {@code newConfig} is null when the new config was invalid. */
    record ConfigChanged(JsonNode newConfig, boolean significant) implements HubEvent {}

    /**
     * An edited config could not be used; the running servers are unchanged. {@code details} name the file,
     * line, server or field where known.
     */
    record ConfigReloadFailed(String reason, Map<String, Object> details) implements HubEvent {
        public ConfigReloadFailed {
            details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
        }
    }

    /** A log entry for clients: {@code level} is info, warn, error or debug. */
    record Log(String level, String message, JsonNode data, String code, Instant at) implements HubEvent {}

    /** The shared workspaces file changed (this or another hub). */
    record WorkspacesUpdated(JsonNode workspaces) implements HubEvent {}

    /** The aggregated catalogue changed in the given kinds of lists. Not an SSE event. */
    record CatalogChanged(Catalog catalog, Set<ListKind> kinds) implements HubEvent {}

    /** A server's notification for the MCP endpoint's clients (log messages, resource updates). Not SSE. */
    record UpstreamNotification(String server, Notification notification) implements HubEvent {}
}
