package dev.mcphub.upstream;

import dev.mcphub.jsonrpc.JsonRpcMessage;
import dev.mcphub.jsonrpc.JsonRpcMessage.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The {@code Mcp-Param-<Name>} headers of a 2026-07-28 {@code tools/call} over Streamable HTTP: one for each
 * argument whose property in the tool's input schema is marked {@code x-mcp-header} (reached through
 * {@code properties} alone, as the specification says) and which the call carries, its value as text, in the
 * Base64 sentinel form when it is not a plain header value. A server of that era refuses a call whose marked
 * argument comes without its header, so the hub, which sends the call, must add them.
 */
final class ParamHeaders {
    private static final String PREFIX = "Mcp-Param-";

    private ParamHeaders() {}

    static Map<String, String> of(JsonRpcMessage message, Function<String, @Nullable JsonNode> toolSchemas) {
        if (!(message instanceof Request request)
                || !"tools/call".equals(request.method())
                || request.params() == null
                || !(request.params().get("name") instanceof JsonNode name)
                || !name.isString()) {
            return Map.of();
        }
        JsonNode schema = toolSchemas.apply(name.asString());
        JsonNode arguments = request.params().get("arguments");
        Map<String, String> headers = new LinkedHashMap<>();
        if (schema != null && arguments != null) {
            collect(schema, arguments, new ArrayList<>(), headers);
        }
        return headers;
    }

    private static void collect(JsonNode schema, JsonNode arguments, List<String> path, Map<String, String> out) {
        JsonNode properties = schema.get("properties");
        if (properties == null || !properties.isObject() || arguments == null || !arguments.isObject()) {
            return;
        }
        for (var entry : properties.properties()) {
            JsonNode value = arguments.get(entry.getKey());
            JsonNode header = entry.getValue().get("x-mcp-header");
            if (header != null && header.isString() && value != null && value.isValueNode() && !value.isNull()) {
                out.put(PREFIX + header.asString(), headerValue(value));
            }
            collect(entry.getValue(), value, path, out);
        }
    }

    private static String headerValue(JsonNode value) {
        String text = value.isString() ? value.asString() : value.toString();
        boolean plain = text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
                && text.strip().equals(text)
                && !(text.startsWith("=?base64?") && text.endsWith("?="));
        return plain
                ? text
                : "=?base64?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
    }
}
