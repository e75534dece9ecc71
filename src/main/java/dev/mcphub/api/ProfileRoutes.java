package dev.mcphub.api;

import dev.mcphub.config.ProfileConfig;
import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import dev.mcphub.profiles.ProfileView;
import dev.mcphub.profiles.Profiles;
import dev.mcphub.upstream.ListKind;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The profiles of the config: each with its endpoint and counts, and what one profile exposes. */
final class ProfileRoutes {
    private final Profiles profiles;

    ProfileRoutes(Profiles profiles) {
        this.profiles = profiles;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", "/api/profiles", "Every profile: servers, endpoint, counts", r -> all()),
                new Route("POST", "/api/profiles/info", "What one profile exposes, item by item", this::info));
    }

    private JsonNode all() {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("profiles");
        for (ProfileConfig config : profiles.all()) {
            profiles.view(config.name()).ifPresent(view -> list.add(summary(view)));
        }
        return body;
    }

    private JsonNode info(ApiRequest request) {
        String name = request.requireString("profile", "Missing required field: profile");
        ProfileView view = profiles.view(name)
                .orElseThrow(() -> new HubException(
                        ErrorCode.PROFILE_NOT_FOUND, "Profile '" + name + "' not found", Map.of("profile", name)));
        ObjectNode profile = summary(view);
        for (ListKind kind : ListKind.values()) {
            profile.set(kind.field(), Json.array(view.listed(kind)));
        }
        if (view.searchMode()) {
            profile.set("searchableTools", Json.array(view.all(ListKind.TOOLS)));
        }
        return Json.object().set("profile", profile);
    }

    private static ObjectNode summary(ProfileView view) {
        ProfileConfig config = view.config();
        ObjectNode profile = Json.object();
        profile.put("name", config.name());
        profile.put("description", config.description());
        profile.put("discovery", config.discovery().name().toLowerCase(java.util.Locale.ROOT));
        ArrayNode servers = profile.putArray("servers");
        config.servers().keySet().forEach(servers::add);
        profile.put("endpoint", "/profiles/" + config.name() + "/mcp");
        ObjectNode counts = profile.putObject("counts");
        for (ListKind kind : ListKind.values()) {
            counts.put(kind.field(), view.listed(kind).size());
        }
        counts.put("searchableTools", view.all(ListKind.TOOLS).size());
        return profile;
    }
}
