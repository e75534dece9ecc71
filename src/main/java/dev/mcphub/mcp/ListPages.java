package dev.mcphub.mcp;

import dev.mcphub.json.Json;
import dev.mcphub.upstream.ListKind;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pages of a merged list. A cursor is opaque to clients: the list kind and the offset of the next page.
 * When the list changes between pages the client is told by {@code list_changed} and starts over.
 */
final class ListPages {
    private ListPages() {}

    /** A page of {@code items} starting at {@code cursor}; null when the cursor is not one of ours. */
    static ObjectNode page(ListKind kind, List<JsonNode> items, JsonNode params, int pageSize) {
        String cursor = params == null ? null : Json.string(params, "cursor");
        int offset = cursor == null ? 0 : offset(kind, cursor);
        if (offset < 0 || offset > items.size()) {
            return null;
        }
        int end = Math.min(items.size(), offset + pageSize);
        ObjectNode result = Json.object();
        ArrayNode page = result.putArray(kind.field());
        for (int i = offset; i < end; i++) {
            page.add(items.get(i));
        }
        if (end < items.size()) {
            result.put("nextCursor", encode(kind, end));
        }
        return result;
    }

    static String encode(ListKind kind, int offset) {
        String raw = kind.name() + ":" + offset;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(ListKind kind, String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            if (colon < 0 || !raw.substring(0, colon).equals(kind.name())) {
                return -1;
            }
            return Integer.parseInt(raw.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}
