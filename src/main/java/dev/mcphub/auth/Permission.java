package dev.mcphub.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a caller may do. {@code read}: lists, status, events. {@code call}: tools, prompts, resources (and
 * read). {@code admin}: start, stop, restart, config, audit (and call). Tokens carry them as the OAuth
 * scopes {@code mcp:read}, {@code mcp:call}, {@code mcp:admin}; API keys by their bare names.
 */
public enum Permission {
    READ,
    CALL,
    ADMIN;

    /** The OAuth scope value that grants this permission. */
    public String scope() {
        return "mcp:" + word();
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The permission a word or OAuth scope names ({@code read}, {@code mcp:read}), or null. */
    public static Permission parse(String value) {
        String word = value.startsWith("mcp:") ? value.substring(4) : value;
        for (Permission p : values()) {
            if (p.word().equals(word.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        return null;
    }

    /** Everything a set of granted permissions implies: admin includes call, call includes read. */
    public static Set<Permission> implied(Set<Permission> granted) {
        Set<Permission> all = EnumSet.noneOf(Permission.class);
        if (granted.contains(ADMIN)) {
            all.addAll(EnumSet.allOf(Permission.class));
        } else if (granted.contains(CALL)) {
            all.addAll(EnumSet.of(READ, CALL));
        } else if (granted.contains(READ)) {
            all.add(READ);
        }
        return all;
    }

    /** The scope values of every permission, for metadata and challenges. */
    public static String allScopes() {
        return String.join(
                " ", java.util.Arrays.stream(values()).map(Permission::scope).toList());
    }
}
