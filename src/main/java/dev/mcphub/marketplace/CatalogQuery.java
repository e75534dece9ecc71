package dev.mcphub.marketplace;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.text.Collator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * A catalogue query with the reference's semantics: {@code search} is a case-insensitive substring of the
 * name, the description or any tag; {@code category} matches exactly; every one of {@code tags} must be
 * present; blank values do not filter. Entries missing a field are treated as having an empty one.
 */
record CatalogQuery(String search, String category, List<String> tags, Sort sort) {

    /** The orders the reference knows; the wire values are the lower-case names. */
    enum Sort {
        /** Latest {@code lastCommit} (epoch seconds) first; the default. */
        NEWEST,
        /** Most {@code stars} first. */
        STARS,
        /** By {@code name}, like JavaScript's {@code localeCompare}. */
        NAME;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Sort parse(String value) {
            if (value == null || value.isEmpty()) {
                return NEWEST;
            }
            for (Sort sort : values()) {
                if (sort.wireName().equals(value)) {
                    return sort;
                }
            }
            List<String> allowed = Arrays.stream(values()).map(Sort::wireName).toList();
            throw new HubException(
                    ErrorCode.VALIDATION_ERROR,
                    "Invalid sort '" + value + "': sort must be one of " + String.join(", ", allowed),
                    Map.of("field", "sort", "value", value, "allowed", allowed));
        }
    }

    CatalogQuery {
        tags = tags == null
                ? List.of()
                : tags.stream().filter(t -> !t.isEmpty()).toList();
    }

    /** @throws HubException VALIDATION_ERROR for an unknown {@code sort} */
    static CatalogQuery of(String search, String category, List<String> tags, String sort) {
        return new CatalogQuery(search, category, tags, Sort.parse(sort));
    }

    /** The matching entries in the query's order; the input list is not modified. */
    ArrayNode apply(List<JsonNode> servers) {
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode server : servers) {
            if (matches(server)) {
                matching.add(server);
            }
        }
        matching.sort(comparator());
        return Json.array(matching);
    }

    boolean matches(JsonNode server) {
        return matchesSearch(server)
                && matchesCategory(server)
                && tagsOf(server).containsAll(tags);
    }

    private boolean matchesSearch(JsonNode server) {
        if (search == null || search.isEmpty()) {
            return true;
        }
        // JavaScript's toLowerCase is locale-independent, hence ROOT.
        String needle = search.toLowerCase(Locale.ROOT);
        return contains(Json.string(server, "name"), needle)
                || contains(Json.string(server, "description"), needle)
                || tagsOf(server).stream().anyMatch(tag -> contains(tag, needle));
    }

    private boolean matchesCategory(JsonNode server) {
        return category == null || category.isEmpty() || category.equals(Json.string(server, "category"));
    }

    private Comparator<JsonNode> comparator() {
        return switch (sort) {
            case NEWEST ->
                Comparator.comparingDouble((JsonNode s) -> number(s, "lastCommit"))
                        .reversed();
            case STARS ->
                Comparator.comparingDouble((JsonNode s) -> number(s, "stars")).reversed();
            case NAME -> {
                // A fixed locale keeps the order independent of the host's settings; Collator is not
                // thread-safe, and getInstance returns a fresh copy for this query.
                Collator collator = Collator.getInstance(Locale.ROOT);
                yield Comparator.comparing(s -> nullToEmpty(Json.string(s, "name")), collator);
            }
        };
    }

    private static List<String> tagsOf(JsonNode server) {
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : Json.elements(server.get("tags"))) {
            if (tag.isString()) {
                tags.add(tag.asString());
            }
        }
        return tags;
    }

    private static boolean contains(@Nullable String haystack, String lowerNeedle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }

    private static double number(JsonNode server, String field) {
        JsonNode value = server.get(field);
        return value != null && value.isNumber() ? value.doubleValue() : 0;
    }

    private static String nullToEmpty(@Nullable String value) {
        return value == null ? "" : value;
    }
}
