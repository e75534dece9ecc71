package dev.mcphub.hub;

import dev.mcphub.json.Json;
import dev.mcphub.upstream.CallOptions;
import tools.jackson.databind.JsonNode;

/**
 * One request (or notification) to one server, as it passes the hub's door ({@link ServerCalls#call}). REST,
 * {@code /mcp} and the hub's own housekeeping (resubscribing, log levels) all build one of these, so an
 * observer sees every call the same way.
 *
 * @param server the server's name in the config
 * @param kind what is called, derived from {@code method}
 * @param method the MCP method sent to the server, e.g. {@code tools/call}
 * @param name the tool or prompt name, or the resource URI, as the server knows it; null for other kinds
 * @param params the params sent as they are
 * @param options timeouts, progress and the calling client ({@link CallOptions#origin()})
 */
public record ServerCall(String server, Kind kind, String method, String name, JsonNode params, CallOptions options) {

    /** What a call is for: the checks the door makes and what an observer reports depend on it. */
    public enum Kind {
        TOOL,
        PROMPT,
        RESOURCE,
        COMPLETION,
        /** Any other request (subscriptions, log levels, pings): passed through as it is. */
        OTHER,
        /** A notification: no answer, and nothing is sent when the server is not connected. */
        NOTIFICATION
    }

    /** A request to {@code server}, its kind and name read from the method and params. */
    public static ServerCall request(String server, String method, JsonNode params, CallOptions options) {
        Kind kind = switch (method) {
            case "tools/call" -> Kind.TOOL;
            case "prompts/get" -> Kind.PROMPT;
            case "resources/read" -> Kind.RESOURCE;
            case "completion/complete" -> Kind.COMPLETION;
            default -> Kind.OTHER;
        };
        String name = switch (kind) {
            case TOOL, PROMPT -> params == null ? null : Json.string(params, "name");
            case RESOURCE -> params == null ? null : Json.string(params, "uri");
            default -> null;
        };
        return new ServerCall(server, kind, method, name, params, options);
    }

    public static ServerCall notification(String server, String method, JsonNode params) {
        return new ServerCall(server, Kind.NOTIFICATION, method, null, params, null);
    }
}
