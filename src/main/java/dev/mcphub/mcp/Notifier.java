package dev.mcphub.mcp;

import dev.mcphub.hub.Hub;
import dev.mcphub.hub.HubEvent;
import dev.mcphub.hub.HubSnapshot;
import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpcMessage.Notification;
import dev.mcphub.profiles.Profiles;
import dev.mcphub.upstream.ListKind;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tells sessions what changed: {@code list_changed} when what they see changed (a server came, went or
 * changed its lists), log messages at or above each session's level, and updates of resources they
 * subscribed to.
 */
final class Notifier {
    private final Hub hub;
    private final Sessions sessions;
    private final Subscriptions subscriptions;
    private final ProfileChanges profileChanges;
    private final ServerListChanges serverChanges = new ServerListChanges();

    Notifier(Hub hub, Sessions sessions, Subscriptions subscriptions, Profiles profiles) {
        this.hub = hub;
        this.sessions = sessions;
        this.subscriptions = subscriptions;
        this.profileChanges = new ProfileChanges(profiles);
    }

    /** Runs on the event bus's thread, one event at a time. */
    void on(HubEvent event) {
        switch (event) {
            case HubEvent.CatalogChanged changed -> catalogChanged(changed.kinds());
            case HubEvent.ConfigChanged changed -> profilesChanged();
            case HubEvent.ServersUpdated updated -> profilesChanged();
            case HubEvent.UpstreamNotification n -> upstreamNotification(n.server(), n.notification());
            default -> {
                // Other events are for the SSE stream.
            }
        }
    }

    private void catalogChanged(Set<ListKind> aggregateKinds) {
        HubSnapshot snapshot = hub.snapshot();
        Map<String, Set<ListKind>> perServer = serverChanges.since(snapshot);
        Map<String, Set<ListKind>> perProfile = profileChanges.since(snapshot);
        for (McpSession session : sessions.all()) {
            if (!session.isInitialized()) {
                continue;
            }
            Set<ListKind> kinds = switch (session.scope) {
                case Scope.Aggregate aggregate -> aggregateKinds;
                case Scope.Single single -> perServer.getOrDefault(single.server(), Set.of());
                case Scope.Profile profile -> perProfile.getOrDefault(profile.name(), Set.of());
            };
            announce(session, kinds);
        }
    }

    /** A config edit may change profiles without touching a server: only their sessions hear of it. */
    private void profilesChanged() {
        Map<String, Set<ListKind>> perProfile = profileChanges.since(hub.snapshot());
        for (McpSession session : sessions.all()) {
            if (session.isInitialized() && session.scope instanceof Scope.Profile profile) {
                announce(session, perProfile.getOrDefault(profile.name(), Set.of()));
            }
        }
    }

    private static void announce(McpSession session, Set<ListKind> kinds) {
        if (kinds.contains(ListKind.TOOLS)) {
            session.send(new Notification("notifications/tools/list_changed", null));
        }
        if (kinds.contains(ListKind.PROMPTS)) {
            session.send(new Notification("notifications/prompts/list_changed", null));
        }
        if (kinds.contains(ListKind.RESOURCES) || kinds.contains(ListKind.RESOURCE_TEMPLATES)) {
            session.send(new Notification("notifications/resources/list_changed", null));
        }
    }

    private void upstreamNotification(String server, Notification notification) {
        switch (notification.method()) {
            case "notifications/message" -> logMessage(server, notification);
            case "notifications/resources/updated" -> resourceUpdated(server, notification);
            default -> {
                // Nothing else is a client's business.
            }
        }
    }

    private void logMessage(String server, Notification notification) {
        if (!(notification.params() instanceof ObjectNode params)) {
            return;
        }
        String level = Json.string(params, "level");
        ObjectNode forClients = params.deepCopy();
        if (!forClients.has("logger")) {
            forClients.put("logger", server);
        }
        Notification message = new Notification(notification.method(), forClients);
        for (McpSession session : sessions.all()) {
            if (session.isInitialized() && session.sees(server) && LogLevels.passes(level, session.logLevel())) {
                session.send(message);
            }
        }
    }

    private void resourceUpdated(String server, Notification notification) {
        String uri = notification.params() == null ? null : Json.string(notification.params(), "uri");
        if (uri == null) {
            return;
        }
        // Each session hears of the resource under the URI it subscribed with (namespaced or the server's own).
        subscriptions.of(new Subscriptions.Key(server, uri)).forEach((session, clientUri) -> {
            ObjectNode params = ((ObjectNode) notification.params()).deepCopy();
            params.put("uri", clientUri);
            session.deliver(new Notification(notification.method(), params));
        });
    }
}
