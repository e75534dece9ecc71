package dev.mcphub.mcp;

import dev.mcphub.hub.HubSnapshot;
import dev.mcphub.hub.ServerView;
import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpcMessage.Request;
import dev.mcphub.jsonrpc.JsonRpcMessage.Response;
import dev.mcphub.profiles.MetaTools;
import dev.mcphub.profiles.ProfileView;
import dev.mcphub.upstream.UpstreamState;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The answer to {@code initialize}: the negotiated version, the hub's capabilities and who it is. */
final class Initialize {
    /** Newest first. A client asking for another version gets the newest. */
    static final List<String> VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");

    private Initialize() {}

    static Response answer(HubSnapshot snapshot, McpSession session, Request request, String hubVersion) {
        JsonNode params = request.params() == null ? Json.object() : request.params();
        String asked = Json.string(params, "protocolVersion");
        String version = asked != null && VERSIONS.contains(asked) ? asked : VERSIONS.getFirst();
        session.initialize(version, params.get("capabilities"), params.get("clientInfo"));
        ObjectNode result = Json.object();
        result.put("protocolVersion", version);
        result.set("capabilities", capabilities(snapshot, session.scope));
        ObjectNode serverInfo = result.putObject("serverInfo");
        serverInfo.put("name", "mcp-hub");
        serverInfo.put("title", "MCP Hub");
        serverInfo.put("version", hubVersion);
        String instructions = instructions(snapshot, session.scope);
        if (instructions != null) {
            result.put("instructions", instructions);
        }
        return Response.success(request.id(), result);
    }

    /**
     * Everything the hub can route. A single-server endpoint offers what that server offers (when it is
     * connected), so that a client sees the server as it is.
     */
    static ObjectNode capabilities(HubSnapshot snapshot, Scope scope) {
        ObjectNode all = Json.object();
        all.putObject("tools").put("listChanged", true);
        all.putObject("prompts").put("listChanged", true);
        all.putObject("resources").put("subscribe", true).put("listChanged", true);
        all.putObject("logging");
        all.putObject("completions");
        if (!(scope instanceof Scope.Single single)) {
            return all;
        }
        ServerView view = snapshot.server(single.server()).orElse(null);
        if (view == null || !(view.state() instanceof UpstreamState.Connected connected)) {
            return all;
        }
        ObjectNode own = Json.object();
        for (String capability : List.of("tools", "prompts", "resources", "logging", "completions")) {
            JsonNode declared = connected.server().capabilities().get(capability);
            if (declared != null) {
                ObjectNode copy = declared.isObject() ? ((ObjectNode) declared).deepCopy() : Json.object();
                if (!capability.equals("logging") && !capability.equals("completions")) {
                    copy.put("listChanged", true); // The hub tells of changes even when the server cannot.
                }
                own.set(capability, copy);
            }
        }
        return own;
    }

    static String instructions(HubSnapshot snapshot, Scope scope) {
        if (scope instanceof Scope.Profile profile) {
            return profile.view(snapshot).map(Initialize::profileInstructions).orElse(null);
        }
        if (scope instanceof Scope.Single single) {
            return snapshot.server(single.server())
                    .map(ServerView::state)
                    .filter(UpstreamState.Connected.class::isInstance)
                    .map(state -> ((UpstreamState.Connected) state).server().instructions())
                    .orElse(null);
        }
        return null;
    }

    private static String profileInstructions(ProfileView view) {
        String description = view.config().description();
        if (!view.searchMode()) {
            return description;
        }
        String search = "This server has more tools than it lists: find them with " + MetaTools.SEARCH
                + " (describe the task in plain words) and call them with " + MetaTools.CALL + ".";
        return description == null ? search : description + "\n\n" + search;
    }
}
