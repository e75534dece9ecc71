package dev.mcphub.mcp;

import dev.mcphub.jsonrpc.JsonRpcMessage.Request;
import dev.mcphub.jsonrpc.RpcError;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import tools.jackson.databind.JsonNode;

/**
 * The 2026-07-28 request headers that mirror the body ({@code MCP-Protocol-Version}, {@code Mcp-Method},
 * {@code Mcp-Name}, and {@code Mcp-Param-*} for tool parameters marked {@code x-mcp-header}), checked
 * against it: intermediaries may route on the headers while the hub acts on the body, so a disagreement
 * is refused with HeaderMismatch (-32020) rather than served.
 */
final class StandardHeaders {
    private static final Map<String, String> NAME_SOURCE =
            Map.of("tools/call", "name", "prompts/get", "name", "resources/read", "uri");
    private static final String SENTINEL_START = "=?base64?";
    private static final String SENTINEL_END = "?=";

    private StandardHeaders() {}

    /** The mismatch of a modern request's standard headers with its body, or null when they agree. */
    static RpcError check(HttpFields headers, Request request) {
        if (headers.get(StreamableHttp.VERSION_HEADER) == null) {
            return mismatch("the MCP-Protocol-Version header is missing");
        }
        String method = headers.get(Eras.METHOD_HEADER);
        if (method == null) {
            return mismatch("the Mcp-Method header is missing (the body names " + request.method() + ")");
        }
        String source = NAME_SOURCE.get(request.method());
        if (source == null) {
            return null;
        }
        JsonNode value = request.params() == null ? null : request.params().get(source);
        String body = value != null && value.isString() ? value.asString() : null;
        String header = headers.get(Eras.NAME_HEADER);
        if (header == null) {
            return body == null
                    ? null
                    : mismatch("the Mcp-Name header is missing (the body names params." + source + " '" + body + "')");
        }
        String decoded = decode(header.strip());
        if (decoded == null) {
            return mismatch("the Mcp-Name header carries an invalid Base64 value");
        }
        if (body != null && !decoded.equals(body)) {
            return mismatch("the Mcp-Name header names '" + decoded + "' but params." + source + " is '" + body + "'");
        }
        return null;
    }

    /**
     * The mismatch of {@code Mcp-Param-*} headers with the arguments of a call to a tool whose input schema
     * marks parameters with {@code x-mcp-header}, or null.
     */
    static RpcError checkParams(HttpFields headers, JsonNode inputSchema, JsonNode arguments) {
        for (Marked marked : marked(inputSchema)) {
            JsonNode value = at(arguments, marked.path());
            String header = headers.get("Mcp-Param-" + marked.header());
            boolean present = value != null && !value.isNull() && !value.isMissingNode();
            if (!present) {
                continue; // The client must omit the header; one sent anyway names nothing to disagree with.
            }
            String name = "Mcp-Param-" + marked.header();
            if (header == null) {
                return mismatch("the " + name + " header is missing for argument " + String.join(".", marked.path()));
            }
            String decoded = decode(header.strip());
            if (decoded == null) {
                return mismatch("the " + name + " header carries an invalid Base64 value");
            }
            if (!same(decoded, value)) {
                return mismatch("the " + name + " header does not match argument " + String.join(".", marked.path()));
            }
        }
        return null;
    }

    /** A parameter marked {@code x-mcp-header}: its header name and its path of property names. */
    private record Marked(String header, List<String> path) {}

    private static List<Marked> marked(JsonNode schema) {
        List<Marked> found = new ArrayList<>();
        collect(schema, new ArrayList<>(), found);
        return found;
    }

    /** Only properties reachable through {@code properties} alone count, as the specification says. */
    private static void collect(JsonNode schema, List<String> path, List<Marked> found) {
        JsonNode properties = schema == null ? null : schema.get("properties");
        if (properties == null || !properties.isObject()) {
            return;
        }
        for (var entry : properties.properties()) {
            List<String> here = new ArrayList<>(path);
            here.add(entry.getKey());
            JsonNode header = entry.getValue().get("x-mcp-header");
            if (header != null && header.isString() && !header.asString().isEmpty()) {
                found.add(new Marked(header.asString(), List.copyOf(here)));
            }
            collect(entry.getValue(), here, found);
        }
    }

    private static JsonNode at(JsonNode arguments, List<String> path) {
        JsonNode node = arguments;
        for (String step : path) {
            node = node == null ? null : node.get(step);
        }
        return node;
    }

    private static boolean same(String header, JsonNode value) {
        if (value.isString()) {
            return header.equals(value.asString());
        }
        if (value.isBoolean()) {
            return header.equals(value.asBoolean() ? "true" : "false");
        }
        if (value.isNumber()) {
            try {
                return new BigDecimal(header).compareTo(value.decimalValue()) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    /** A header value with the Base64 sentinel ({@code =?base64?...?=}) decoded; null when it is invalid. */
    static String decode(String value) {
        if (!value.startsWith(SENTINEL_START)
                || !value.endsWith(SENTINEL_END)
                || value.length() < SENTINEL_START.length() + SENTINEL_END.length()) {
            return value;
        }
        String encoded = value.substring(SENTINEL_START.length(), value.length() - SENTINEL_END.length());
        if (encoded.length() % 4 != 0) {
            // The JDK's decoder takes unpadded input; the era's header rules (SEP-2243) refuse it.
            return null;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(encoded);
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return null;
        }
    }

    private static RpcError mismatch(String why) {
        return new RpcError(Eras.HEADER_MISMATCH, "Header mismatch: " + why);
    }
}
