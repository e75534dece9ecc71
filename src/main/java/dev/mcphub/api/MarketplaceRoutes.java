package dev.mcphub.api;

import dev.mcphub.json.Json;
import dev.mcphub.marketplace.Marketplace;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The marketplace routes, in the reference's shapes: the catalogue as {@code {servers}}, and details nested
 * as {@code {server:{server:<entry>, readmeContent}}}. With the marketplace turned off the catalogue is empty
 * and {@code message} says why.
 */
final class MarketplaceRoutes {
    private final Marketplace marketplace;

    MarketplaceRoutes(Marketplace marketplace) {
        this.marketplace = marketplace;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", "/api/marketplace", "Browse and search the MCP server registry", this::catalog),
                new Route("POST", "/api/marketplace/details", "One registry entry with its README", this::details));
    }

    private JsonNode catalog(ApiRequest request) {
        JsonNode servers = marketplace.catalog(
                request.query("search"),
                request.query("category"),
                Marketplace.parseTags(request.query("tags")),
                request.query("sort"));
        ObjectNode body = Json.object().set("servers", servers);
        Optional<String> off = marketplace.disabledReason();
        off.ifPresent(reason -> body.put("message", reason));
        return body;
    }

    private JsonNode details(ApiRequest request) {
        JsonNode id = request.body().get("mcpId");
        return Json.object().set("server", marketplace.details(id == null || id.isNull() ? null : id.asString("")));
    }
}
