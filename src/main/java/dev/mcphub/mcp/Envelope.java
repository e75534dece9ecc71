package dev.mcphub.mcp;

import dev.mcphub.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The per-request {@code _meta} envelope of a modern request: its protocol version, the client's
 * capabilities for this request, who the client says it is, and the log level it wants (none: no log
 * messages for this request).
 */
record Envelope(String version, ObjectNode capabilities, JsonNode clientInfo, String logLevel) {

    /** The {@code _meta} object of a message's params, or null. */
    static ObjectNode metaOf(JsonNode params) {
        return params != null && params.get("_meta") instanceof ObjectNode meta ? meta : null;
    }

    /** Whether params claim the modern era: their {@code _meta} names a protocol version. */
    static boolean claims(JsonNode params) {
        ObjectNode meta = metaOf(params);
        return meta != null && meta.has(Eras.VERSION_KEY);
    }

    static String claimedVersion(JsonNode params) {
        ObjectNode meta = metaOf(params);
        JsonNode version = meta == null ? null : meta.get(Eras.VERSION_KEY);
        return version != null && version.isString() ? version.asString() : null;
    }

    /** What is wrong with the envelope of {@code params}, or null when it is whole. */
    static String problem(JsonNode params) {
        ObjectNode meta = metaOf(params);
        if (meta == null) {
            return "_meta is missing";
        }
        JsonNode version = meta.get(Eras.VERSION_KEY);
        if (version == null) {
            return "_meta." + Eras.VERSION_KEY + " is missing";
        }
        if (!version.isString()) {
            return "_meta." + Eras.VERSION_KEY + " must be a string";
        }
        JsonNode capabilities = meta.get(Eras.CAPABILITIES_KEY);
        if (capabilities == null) {
            return "_meta." + Eras.CAPABILITIES_KEY + " is missing";
        }
        if (!capabilities.isObject()) {
            return "_meta." + Eras.CAPABILITIES_KEY + " must be an object";
        }
        JsonNode info = meta.get(Eras.CLIENT_INFO_KEY);
        if (info != null && !info.isObject()) {
            return "_meta." + Eras.CLIENT_INFO_KEY + " must be an object";
        }
        JsonNode level = meta.get(Eras.LOG_LEVEL_KEY);
        if (level != null && !LogLevels.valid(level.isString() ? level.asString() : null)) {
            return "_meta." + Eras.LOG_LEVEL_KEY + " must be one of " + LogLevels.ORDER;
        }
        return null;
    }

    /** The envelope of params whose {@link #problem} is null. */
    static Envelope of(JsonNode params) {
        ObjectNode meta = metaOf(params);
        JsonNode level = meta.get(Eras.LOG_LEVEL_KEY);
        return new Envelope(
                meta.get(Eras.VERSION_KEY).asString(),
                (ObjectNode) meta.get(Eras.CAPABILITIES_KEY),
                meta.get(Eras.CLIENT_INFO_KEY),
                level == null ? null : level.asString());
    }

    /**
     * Params as a server of either era should see them: the hub's envelope keys removed from {@code _meta}
     * (a dual-era server would otherwise take a call on a legacy session for a modern one), the client's
     * own keys (progress token, trace context) kept.
     */
    static ObjectNode forServer(ObjectNode params) {
        ObjectNode copy = params.deepCopy();
        ObjectNode meta = metaOf(copy);
        if (meta != null) {
            meta.propertyNames().stream()
                    .filter(key -> key.startsWith(Eras.RESERVED_PREFIX))
                    .toList()
                    .forEach(meta::remove);
            if (meta.isEmpty()) {
                copy.remove("_meta");
            }
        }
        return copy;
    }

    /** The capabilities object as a session would hold it. */
    ObjectNode capabilitiesCopy() {
        return capabilities == null ? Json.object() : capabilities.deepCopy();
    }
}
