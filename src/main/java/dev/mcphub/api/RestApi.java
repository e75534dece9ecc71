package dev.mcphub.api;

import dev.mcphub.config.HubConfig;
import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.http.Exchange;
import dev.mcphub.hub.Hub;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves {@code /api/*} from a route table. Every success body gets {@code timestamp}; every failure is a
 * JSON error body with the status {@link ApiErrors} gives its code. Handlers run on virtual threads and
 * may block.
 */
public final class RestApi {
    private static final Logger log = LoggerFactory.getLogger(RestApi.class);

    private final Map<String, Map<String, Route>> byPath = new HashMap<>();
    private final List<Route> routes = new ArrayList<>();

    public RestApi(
            Hub hub, String version, HealthSources health, Supplier<HubConfig> configFromDisk, Runnable hardRestart) {
        add(new ServerRoutes(hub).routes());
        add(new HubRoutes(hub, version, health, configFromDisk, hardRestart).routes());
    }

    /** Adds the marketplace routes. */
    public RestApi marketplace(dev.mcphub.marketplace.Marketplace marketplace) {
        add(new MarketplaceRoutes(marketplace).routes());
        return this;
    }

    /** Every route, for the README and the start-up listing. */
    public List<String> describe() {
        return routes.stream()
                .map(r -> r.method() + " " + r.path() + "  " + r.description())
                .toList();
    }

    void add(List<Route> more) {
        for (Route route : more) {
            routes.add(route);
            byPath.computeIfAbsent(route.path(), p -> new HashMap<>()).put(route.method(), route);
        }
    }

    public void handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        try {
            Map<String, Route> methods = byPath.get(path);
            if (methods == null) {
                throw new HubException(
                        ErrorCode.ROUTE_NOT_FOUND,
                        "Route " + method + " " + path + " not found",
                        Map.of("method", method, "path", path));
            }
            Route route = methods.get(method);
            if (route == null) {
                methodNotAllowed(response, callback, method, path, methods);
                return;
            }
            byte[] body = "GET".equals(method) ? new byte[0] : Exchange.body(request, Exchange.MAX_BODY_BYTES);
            JsonNode result = route.handler().handle(new ApiRequest(query(request), body));
            ObjectNode out = result instanceof ObjectNode object ? object : dev.mcphub.json.Json.object();
            out.put("timestamp", Instant.now().toString());
            Exchange.json(response, callback, 200, out);
        } catch (HubException e) {
            fail(response, callback, e, method, path);
        } catch (Exception e) {
            log.error("{} {} failed", method, path, e);
            fail(response, callback, new HubException(ErrorCode.INTERNAL_ERROR, "Internal error: " + e), method, path);
        }
    }

    private static void fail(Response response, Callback callback, HubException e, String method, String path) {
        int status = ApiErrors.status(e.code());
        if (status >= 500 && e.code() != ErrorCode.SERVER_NOT_CONNECTED) {
            Object server = e.data().get("server");
            log.warn("{}{} {}: {}", server == null ? "" : server + ": ", method, path, e.getMessage());
        }
        Exchange.json(response, callback, status, ApiErrors.body(e));
    }

    private static void methodNotAllowed(
            Response response, Callback callback, String method, String path, Map<String, Route> methods) {
        String allow = String.join(", ", methods.keySet().stream().sorted().toList());
        HubException e = new HubException(
                ErrorCode.ROUTE_NOT_FOUND,
                "Method " + method + " is not allowed on " + path + " (allowed: " + allow + ")",
                Map.of("method", method, "path", path));
        Exchange.json(response, callback, 405, ApiErrors.body(e), Map.of("Allow", allow));
    }

    private static Map<String, String> query(Request request) {
        Map<String, String> query = new HashMap<>();
        Fields fields = Request.extractQueryParameters(request);
        fields.forEach(field -> query.put(field.getName(), field.getValue()));
        return query;
    }
}
