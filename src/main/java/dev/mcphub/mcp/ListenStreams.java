package dev.mcphub.mcp;

import dev.mcphub.error.HubException;
import dev.mcphub.http.SseChannel;
import dev.mcphub.hub.Catalog;
import dev.mcphub.hub.Hub;
import dev.mcphub.hub.HubEvent;
import dev.mcphub.hub.HubSnapshot;
import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpcMessage;
import dev.mcphub.jsonrpc.JsonRpcMessage.Notification;
import dev.mcphub.jsonrpc.JsonRpcMessage.Request;
import dev.mcphub.jsonrpc.JsonRpcMessage.Response;
import dev.mcphub.jsonrpc.RpcError;
import dev.mcphub.profiles.Profiles;
import dev.mcphub.upstream.CallOptions;
import dev.mcphub.upstream.ListKind;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code subscriptions/listen} streams of modern clients: each is the SSE response of one request
 * that stays open, acknowledges first what it will deliver, then carries the list changes and resource
 * updates its filter asked for, each tagged with the request's id as {@code subscriptionId}. Resource
 * subscriptions share the hub's one subscription per server resource with the legacy sessions'.
 */
final class ListenStreams implements AutoCloseable {
    private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(30);

    /** One open stream: its request id, what it sees, what it asked for, and where it goes. */
    private record Listen(JsonNode id, Scope scope, Set<ListKind> lists, McpSession session, SseChannel channel) {}

    private final Hub hub;
    private final Subscriptions subscriptions;
    private final McpSettings settings;
    private final Set<Listen> open = ConcurrentHashMap.newKeySet();
    private final ProfileChanges profileChanges;
    private final ServerListChanges serverChanges = new ServerListChanges();

    ListenStreams(Hub hub, Subscriptions subscriptions, McpSettings settings, Profiles profiles) {
        this.hub = hub;
        this.subscriptions = subscriptions;
        this.settings = settings;
        this.profileChanges = new ProfileChanges(profiles);
    }

    void open(
            Scope scope,
            Envelope envelope,
            Request message,
            org.eclipse.jetty.server.Request request,
            org.eclipse.jetty.server.Response response,
            Callback callback,
            boolean sse) {
        JsonNode sent = message.params();
        JsonNode filter = sent == null ? null : sent.get("notifications");
        if (!sse) {
            StatelessHttp.fail(
                    response,
                    callback,
                    406,
                    message.id(),
                    new RpcError(
                            RpcError.INVALID_REQUEST,
                            "Not Acceptable: subscriptions/listen answers with text/event-stream"));
            return;
        }
        if (filter == null || !filter.isObject()) {
            StatelessHttp.fail(
                    response,
                    callback,
                    400,
                    message.id(),
                    RpcErrors.invalidParams("subscriptions/listen needs params.notifications (an object)"));
            return;
        }
        McpSession session = StatelessDispatcher.sessionFor(scope, envelope, dev.mcphub.auth.Access.of(request));
        ObjectNode agreed = Json.object();
        Set<ListKind> lists = EnumSet.noneOf(ListKind.class);
        agree(filter, agreed, "toolsListChanged", lists, ListKind.TOOLS);
        agree(filter, agreed, "promptsListChanged", lists, ListKind.PROMPTS);
        agree(filter, agreed, "resourcesListChanged", lists, ListKind.RESOURCES);
        JsonNode uris = filter.get("resourceSubscriptions");
        if (uris != null && uris.isArray()) {
            ArrayNode subscribed = agreed.putArray("resourceSubscriptions");
            for (JsonNode uri : uris) {
                if (uri.isString() && subscribe(scope, session, uri.asString())) {
                    subscribed.add(uri.asString());
                }
            }
        }
        Listen[] self = new Listen[1];
        SseChannel channel = new SseChannel(response, callback, settings.maxQueuedFrames(), () -> ended(self[0]));
        Listen listen = new Listen(message.id(), scope, lists, session, channel);
        self[0] = listen;
        request.addFailureListener(channel::failed);
        channel.open();
        ObjectNode params = Json.object();
        params.set("notifications", agreed);
        send(listen, new Notification("notifications/subscriptions/acknowledged", params));
        open.add(listen);
        if (!channel.isOpen()) {
            ended(listen);
        }
    }

    private static void agree(JsonNode filter, ObjectNode agreed, String field, Set<ListKind> lists, ListKind kind) {
        if (filter.path(field).asBoolean(false)) {
            agreed.put(field, true);
            lists.add(kind);
        }
    }

    /** Subscribes the hub at the owning server when no one else has; false when the resource cannot be. */
    private boolean subscribe(Scope scope, McpSession session, String uri) {
        Catalog.Route route = scope.routeResource(hub.snapshot(), uri);
        if (route == null) {
            return false;
        }
        Subscriptions.Key key = new Subscriptions.Key(route.server(), route.name());
        if (subscriptions.add(key, session, uri)) {
            try {
                hub.calls()
                        .request(
                                route.server(),
                                "resources/subscribe",
                                Json.object().put("uri", route.name()),
                                CallOptions.timeout(SUBSCRIBE_TIMEOUT));
            } catch (HubException e) {
                subscriptions.remove(key, session);
                return false;
            }
        }
        return true;
    }

    private void ended(Listen listen) {
        if (listen != null && open.remove(listen)) {
            subscriptions.removeAll(listen.session());
        }
    }

    /** Runs on the event bus's thread. */
    void on(HubEvent event) {
        switch (event) {
            case HubEvent.CatalogChanged changed -> catalogChanged(changed.kinds());
            case HubEvent.ConfigChanged changed -> profilesChanged();
            case HubEvent.ServersUpdated updated -> profilesChanged();
            case HubEvent.UpstreamNotification n
            when n.notification().method().equals("notifications/resources/updated") ->
                resourceUpdated(n.server(), n.notification());
            default -> {
                // Nothing else goes to listeners.
            }
        }
    }

    private void catalogChanged(Set<ListKind> aggregate) {
        HubSnapshot snapshot = hub.snapshot();
        Map<String, Set<ListKind>> perServer = serverChanges.since(snapshot);
        Map<String, Set<ListKind>> perProfile = profileChanges.since(snapshot);
        for (Listen listen : open) {
            announce(
                    listen,
                    switch (listen.scope()) {
                        case Scope.Aggregate a -> aggregate;
                        case Scope.Single single -> perServer.getOrDefault(single.server(), Set.of());
                        case Scope.Profile profile -> perProfile.getOrDefault(profile.name(), Set.of());
                    });
        }
    }

    /** A config edit may change a profile without touching a server: only its listeners hear of it. */
    private void profilesChanged() {
        Map<String, Set<ListKind>> perProfile = profileChanges.since(hub.snapshot());
        for (Listen listen : open) {
            if (listen.scope() instanceof Scope.Profile profile) {
                announce(listen, perProfile.getOrDefault(profile.name(), Set.of()));
            }
        }
    }

    private static void announce(Listen listen, Set<ListKind> kinds) {
        if (kinds.contains(ListKind.TOOLS) && listen.lists().contains(ListKind.TOOLS)) {
            send(listen, new Notification("notifications/tools/list_changed", Json.object()));
        }
        if (kinds.contains(ListKind.PROMPTS) && listen.lists().contains(ListKind.PROMPTS)) {
            send(listen, new Notification("notifications/prompts/list_changed", Json.object()));
        }
        if ((kinds.contains(ListKind.RESOURCES) || kinds.contains(ListKind.RESOURCE_TEMPLATES))
                && listen.lists().contains(ListKind.RESOURCES)) {
            send(listen, new Notification("notifications/resources/list_changed", Json.object()));
        }
    }

    private void resourceUpdated(String server, Notification notification) {
        if (!(notification.params() instanceof ObjectNode sent)) {
            return;
        }
        String uri = Json.string(sent, "uri");
        if (uri == null || open.isEmpty()) {
            return;
        }
        // Each listener hears of the resource under the URI it subscribed with.
        Map<McpSession, String> subscribed = subscriptions.of(new Subscriptions.Key(server, uri));
        for (Listen listen : open) {
            String clientUri = subscribed.get(listen.session());
            if (clientUri != null) {
                ObjectNode params = sent.deepCopy();
                params.remove("_meta");
                params.put("uri", clientUri);
                send(listen, new Notification(notification.method(), params));
            }
        }
    }

    /** Tags a notification with the stream's subscription id and sends it. */
    private static void send(Listen listen, Notification notification) {
        ObjectNode params = notification.params() instanceof ObjectNode object ? object.deepCopy() : Json.object();
        params.withObject("_meta").set(Eras.SUBSCRIPTION_ID_KEY, listen.id());
        listen.channel().send(Frames.message(new Notification(notification.method(), params)));
    }

    /** A comment on quiet streams, so that proxies keep them open and a vanished client is noticed. */
    void keepAlive() {
        long quiet = System.nanoTime() - settings.keepAlive().toNanos();
        for (Listen listen : open) {
            if (!listen.channel().isOpen()) {
                ended(listen);
            } else if (listen.channel().lastWriteNanos() < quiet) {
                listen.channel().send(Frames.KEEP_ALIVE);
            }
        }
    }

    int count() {
        return open.size();
    }

    /** Ends every stream gracefully: the listen request's own result, then the end of the stream. */
    @Override
    public void close() {
        for (Listen listen : Set.copyOf(open)) {
            ObjectNode result = Json.object().put("resultType", "complete");
            result.putObject("_meta").set(Eras.SUBSCRIPTION_ID_KEY, listen.id());
            JsonRpcMessage end = Response.success(listen.id(), result);
            listen.channel().send(Frames.message(end));
            listen.channel().close();
            ended(listen);
        }
    }
}
