package dev.mcphub.config;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The values of a server entry that may be secret ({@code env}, {@code headers}, {@code oauth.clientSecret}):
 * masked when an entry is shown, and restored from the file when a masked value comes back unchanged. A value that
 * is only a placeholder ({@code ${env:TOKEN}}) names where the secret is and is shown as it is.
 */
public final class Secrets {
    /** What a masked value reads. */
    public static final String MASK = "••••••••";

    private Secrets() {}

    /** A copy of {@code entry} with its secret values masked. */
    public static JsonNode mask(JsonNode entry) {
        if (!(entry instanceof ObjectNode object)) {
            return entry;
        }
        ObjectNode copy = object.deepCopy();
        maskValues(copy.get("env"));
        maskValues(copy.get("headers"));
        if (copy.get("oauth") instanceof ObjectNode oauth && isSecret(oauth.get("clientSecret"))) {
            oauth.put("clientSecret", MASK);
        }
        return copy;
    }

    /** Puts back into {@code edited} every value that is still {@link #MASK}, from {@code original}. */
    static void restore(JsonNode edited, JsonNode original) {
        if (!(edited instanceof ObjectNode object)) {
            return;
        }
        for (String field : new String[] {"env", "headers"}) {
            if (object.get(field) instanceof ObjectNode values) {
                JsonNode before = original == null ? null : original.get(field);
                values.properties().forEach(e -> {
                    if (MASK.equals(e.getValue().asString("")) && before != null && before.has(e.getKey())) {
                        e.setValue(before.get(e.getKey()));
                    }
                });
            }
        }
        if (object.get("oauth") instanceof ObjectNode oauth
                && MASK.equals(oauth.path("clientSecret").asString(""))
                && original != null
                && original.path("oauth").has("clientSecret")) {
            oauth.set("clientSecret", original.path("oauth").get("clientSecret"));
        }
    }

    private static void maskValues(JsonNode values) {
        if (values instanceof ObjectNode object) {
            object.properties().forEach(e -> {
                if (isSecret(e.getValue())) {
                    e.setValue(object.stringNode(MASK));
                }
            });
        }
    }

    private static boolean isSecret(JsonNode value) {
        if (value == null || value.isNull() || value.isContainer()) {
            return false;
        }
        String text = value.asString();
        return !text.isEmpty() && !text.matches("\\$\\{[^}]*}");
    }
}
