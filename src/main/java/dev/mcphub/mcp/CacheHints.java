package dev.mcphub.mcp;

import dev.mcphub.hub.HubSnapshot;
import dev.mcphub.hub.ServerView;
import dev.mcphub.upstream.ListKind;
import dev.mcphub.upstream.UpstreamState;
import tools.jackson.databind.JsonNode;

/**
 * How long a modern client may keep a list the hub answered ({@code ttlMs}), from what the hub knows of
 * the servers behind it: a list that may change at any moment (a server in it announces
 * {@code list_changed}, or is still connecting) is fresh only briefly; a list of servers that never
 * announce changes is fresh for a minute. Every hint is {@code private}: the hub's catalogue depends on
 * its configuration and on the credentials it holds for servers, so a shared cache must not hand it to
 * another caller.
 */
final class CacheHints {
    /** A list whose servers never announce changes. */
    static final long STABLE_MS = 60_000;
    /** A list some server in it may change at any moment; a listener hears of changes at once anyway. */
    static final long CHANGING_MS = 5_000;

    static final String SCOPE = "private";

    private CacheHints() {}

    static long listTtl(HubSnapshot snapshot, Scope scope, ListKind kind) {
        long ttl = STABLE_MS;
        for (ServerView server : snapshot.servers()) {
            if (!scope.includes(server.name())) {
                continue;
            }
            switch (server.state()) {
                case UpstreamState.Connecting connecting -> {
                    return 0; // Its items are about to join the list.
                }
                case UpstreamState.Connected connected
                when announcesChanges(connected, kind) -> ttl = Math.min(ttl, CHANGING_MS);
                default -> {
                    // Connected without announcements, or not running: nothing changes until the hub says so.
                }
            }
        }
        return ttl;
    }

    private static boolean announcesChanges(UpstreamState.Connected connected, ListKind kind) {
        String capability = switch (kind) {
            case TOOLS -> "tools";
            case PROMPTS -> "prompts";
            case RESOURCES, RESOURCE_TEMPLATES -> "resources";
        };
        JsonNode declared = connected.server().capabilities() == null
                ? null
                : connected.server().capabilities().get(capability);
        JsonNode listChanged = declared == null ? null : declared.get("listChanged");
        return listChanged != null && listChanged.asBoolean(false);
    }
}
