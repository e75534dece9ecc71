package dev.mcphub.json;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The shared mapper and helpers for JSON trees. Trees built here are never mutated after they are shared. */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

    private Json() {}

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    public static ArrayNode array(List<? extends JsonNode> items) {
        ArrayNode array = NODES.arrayNode(items.size());
        items.forEach(array::add);
        return array;
    }

    /** Parses JSON text; throws {@link JacksonException} with the location on malformed input. */
    public static JsonNode parse(String text) {
        return MAPPER.readTree(text);
    }

    public static JsonNode parse(byte[] bytes) {
        return MAPPER.readTree(bytes);
    }

    public static JsonNode parse(InputStream in) throws IOException {
        return MAPPER.readTree(in);
    }

    /**
     * How many bytes {@code text} takes in UTF-8, without encoding it: the size a message had on the wire, for
     * a text that was decoded from it.
     */
    public static int utf8Length(CharSequence text) {
        int n = text.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                // 2 bytes below U+0800; 3 for the rest of the BMP; a surrogate pair is 4 bytes, 2 per char.
                bytes += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return bytes;
    }

    public static byte[] bytes(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    public static String text(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** The elements of an array node, or an empty list for anything else. */
    public static List<JsonNode> elements(@Nullable JsonNode node) {
        if (node == null || !node.isArray()) {
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>(node.size());
        node.forEach(items::add);
        return List.copyOf(items);
    }

    /** The text of a string field, or null when absent or not a string. */
    public static @Nullable String string(@Nullable JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }
}
