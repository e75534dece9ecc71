package dev.mcphub.api;

import dev.mcphub.auth.Access;
import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A REST request: query parameters and the JSON body, with checks that name the missing field. */
final class ApiRequest {
    private final Map<String, String> query;
    private final byte[] body;
    private final Access access;
    private ObjectNode json;

    ApiRequest(Map<String, String> query, byte[] body, Access access) {
        this.query = query;
        this.body = body;
        this.access = access;
    }

    /** Who is asking and what they may do, as the door decided. */
    Access access() {
        return access;
    }

    int size() {
        return body.length;
    }

    String query(String name) {
        return query.get(name);
    }

    /** The body as a JSON object; an empty body is an empty object. */
    ObjectNode body() {
        if (json == null) {
            json = parse();
        }
        return json;
    }

    /** A non-empty string field of the body, or VALIDATION_ERROR with {@code message}. */
    String requireString(String field, String message) {
        JsonNode value = body().get(field);
        if (value == null
                || value.isNull()
                || (value.isString() && value.asString().isEmpty())) {
            throw new HubException(ErrorCode.VALIDATION_ERROR, message, Map.of("field", field));
        }
        if (!value.isString()) {
            throw new HubException(
                    ErrorCode.VALIDATION_ERROR, "Field '" + field + "' must be a string", Map.of("field", field));
        }
        return value.asString();
    }

    /** An optional object field (arguments), or VALIDATION_ERROR when present with another type. */
    JsonNode optionalObject(String field, String server) {
        JsonNode value = body().get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new HubException(
                    ErrorCode.VALIDATION_ERROR,
                    "Invalid arguments for server '" + server + "': '" + field + "' must be an object",
                    Map.of("server", server, "field", field));
        }
        return value;
    }

    private ObjectNode parse() {
        if (body.length == 0) {
            return Json.object();
        }
        try {
            JsonNode tree = Json.parse(body);
            if (tree instanceof ObjectNode object) {
                return object;
            }
            throw new HubException(ErrorCode.VALIDATION_ERROR, "Request body must be a JSON object");
        } catch (JacksonException e) {
            throw new HubException(
                    ErrorCode.VALIDATION_ERROR,
                    "Request body is not valid JSON: " + e.getOriginalMessage(),
                    Map.of("line", e.getLocation() == null ? 0 : e.getLocation().getLineNr()));
        }
    }
}
