package dev.mcphub.api;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.http.Exchange;
import dev.mcphub.json.Json;
import java.time.Instant;
import java.util.Map;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one HTTP error renderer of the REST API and everything else the hub answers over plain HTTP (the event
 * stream, unknown routes, refused origins): the mapping from error codes to HTTP statuses, the error body
 * {@code {error, code, data, timestamp}}, and the Allow header of a METHOD_NOT_ALLOWED.
 */
public final class ApiErrors {
    private ApiErrors() {}

    public static int status(ErrorCode code) {
        return switch (code) {
            case VALIDATION_ERROR -> 400;
            case FORBIDDEN -> 403;
            case ROUTE_NOT_FOUND,
                    SERVER_NOT_FOUND,
                    PROFILE_NOT_FOUND,
                    TOOL_NOT_FOUND,
                    PROMPT_NOT_FOUND,
                    RESOURCE_NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case PAYLOAD_TOO_LARGE -> 413;
            case UPSTREAM_ERROR, CONNECTION_ERROR, MARKETPLACE_ERROR, OAUTH_ERROR -> 502;
            case SERVER_NOT_CONNECTED, UNAVAILABLE -> 503;
            case UPSTREAM_TIMEOUT -> 504;
            case CONFIG_ERROR, HUB_RESTART_ERROR, WORKSPACE_ERROR, INTERNAL_ERROR -> 500;
        };
    }

    /** The answer to a known path asked with the wrong method; {@code allow} goes into the Allow header too. */
    public static HubException methodNotAllowed(String method, String path, String allow) {
        return new HubException(
                ErrorCode.METHOD_NOT_ALLOWED,
                "Method " + method + " is not allowed on " + path + " (allowed: " + allow + ")",
                Map.of("method", method, "path", path, "allowed", allow));
    }

    /** Answers with the error: its status, its body, and for a wrong method the Allow header. */
    public static void send(Response response, Callback callback, HubException e) {
        Object allow = e.code() == ErrorCode.METHOD_NOT_ALLOWED ? e.data().get("allowed") : null;
        Map<String, String> headers = allow == null ? Map.of() : Map.of("Allow", allow.toString());
        Exchange.json(response, callback, status(e.code()), body(e), headers);
    }

    public static ObjectNode body(HubException e) {
        ObjectNode body = Json.object();
        body.put("error", e.getMessage());
        body.set("code", Json.tree(e.wireCode()));
        body.set("data", Json.tree(e.data()));
        body.put("timestamp", Instant.now().toString());
        return body;
    }
}
