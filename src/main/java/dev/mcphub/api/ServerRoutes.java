package dev.mcphub.api;

import dev.mcphub.hub.Hub;
import dev.mcphub.hub.ServerView;
import dev.mcphub.json.Json;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The routes about servers: list, inspect, start, stop, refresh, and call tools, resources and prompts. */
final class ServerRoutes {
    private final Hub hub;

    ServerRoutes(Hub hub) {
        this.hub = hub;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", "/api/servers", "List every server with its status", this::servers),
                new Route("POST", "/api/servers/info", "One server's status", this::info),
                new Route("POST", "/api/servers/refresh", "Fetch one server's lists again", this::refresh),
                new Route("GET", "/api/refresh", "Fetch every connected server's lists again", this::refreshAll),
                new Route("POST", "/api/refresh", "Fetch every connected server's lists again", this::refreshAll),
                new Route("POST", "/api/servers/start", "Enable and connect a server", this::start),
                new Route("POST", "/api/servers/stop", "Stop a server (?disable=true keeps it off)", this::stop),
                new Route("POST", "/api/servers/tools", "Call a tool of a server", this::callTool),
                new Route("POST", "/api/servers/resources", "Read a resource of a server", this::readResource),
                new Route("POST", "/api/servers/prompts", "Get a prompt of a server", this::getPrompt));
    }

    /** The servers the caller may use; the others are not shown. */
    private JsonNode servers(ApiRequest request) {
        ArrayNode list = Json.array();
        hub.snapshot().servers().stream()
                .filter(view -> request.access().mayUse(view.name()))
                .forEach(view -> list.add(StatusJson.of(view)));
        return Json.object().set("servers", list);
    }

    private JsonNode info(ApiRequest request) {
        return Json.object().set("server", StatusJson.of(hub.server(serverName(request))));
    }

    private JsonNode refresh(ApiRequest request) {
        return ok(hub.refreshServer(serverName(request)));
    }

    private JsonNode refreshAll(ApiRequest request) {
        ArrayNode list = Json.array();
        for (ServerView view : hub.snapshot().servers()) {
            if (!request.access().mayUse(view.name())) {
                continue;
            }
            if (!view.isConnected()) {
                list.add(StatusJson.of(view));
                continue;
            }
            try {
                list.add(StatusJson.of(hub.refreshServer(view.name())));
            } catch (RuntimeException e) {
                list.add(Json.object()
                        .put("name", view.name())
                        .put("status", "error")
                        .put("error", e.getMessage()));
            }
        }
        return Json.object().put("status", "ok").set("servers", list);
    }

    private JsonNode start(ApiRequest request) {
        return ok(hub.startServer(serverName(request)));
    }

    private JsonNode stop(ApiRequest request) {
        boolean disable = "true".equalsIgnoreCase(request.query("disable"));
        return ok(hub.stopServer(serverName(request), disable));
    }

    private JsonNode callTool(ApiRequest request) {
        String server = serverName(request);
        String tool = request.requireString("tool", "Missing tool name ('tool' in the request body)");
        JsonNode arguments = request.optionalObject("arguments", server);
        JsonNode result = hub.calls()
                .callTool(
                        server,
                        tool,
                        arguments,
                        RequestOptions.from(request.body().get("request_options")));
        return Json.object().set("result", result);
    }

    private JsonNode readResource(ApiRequest request) {
        String server = serverName(request);
        String uri = request.requireString("uri", "Missing resource uri ('uri' in the request body)");
        JsonNode result = hub.calls()
                .readResource(server, uri, RequestOptions.from(request.body().get("request_options")));
        return Json.object().set("result", result);
    }

    private JsonNode getPrompt(ApiRequest request) {
        String server = serverName(request);
        String prompt = request.requireString("prompt", "Missing prompt name ('prompt' in the request body)");
        JsonNode arguments = request.optionalObject("arguments", server);
        JsonNode result = hub.calls()
                .getPrompt(
                        server,
                        prompt,
                        arguments,
                        RequestOptions.from(request.body().get("request_options")));
        return Json.object().set("result", result);
    }

    private static String serverName(ApiRequest request) {
        return request.requireString("server_name", "Missing server name ('server_name' in the request body)");
    }

    private static ObjectNode ok(ServerView view) {
        return Json.object().put("status", "ok").set("server", StatusJson.of(view));
    }
}
