package dev.mcphub.hub;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The names clients see for tools and prompts: {@code <server_id>__<name>} as the reference makes them
 * whenever that is a name every client accepts ({@code ^[a-zA-Z0-9_-]{1,64}$}; several clients refuse
 * anything else). Otherwise the name's other characters become {@code _}, it is cut to fit, and a short hash
 * of the server id and the original name is added, so that the name stays readable, is the same on every
 * hub and after every restart, and cannot meet another name's.
 */
final class ExposedNames {
    static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");
    private static final int HASH_CHARS = 8;

    private ExposedNames() {}

    /** The name clients see for server {@code id}'s item {@code name}. */
    static String of(String id, String name) {
        String plain = id + Catalog.SEPARATOR + name;
        return VALID.matcher(plain).matches() ? plain : hashed(id, name);
    }

    /**
     * The name with the hash, also for a name that would be valid plainly: for the second of two items whose
     * plain names meet (server {@code a}'s {@code b__c} and server {@code a__b}'s {@code c}).
     */
    static String hashed(String id, String name) {
        String suffix = "_" + hash(id, name);
        String readable = sanitize(id + Catalog.SEPARATOR + name);
        int room = MAX_LENGTH - suffix.length();
        return (readable.length() > room ? readable.substring(0, room) : readable) + suffix;
    }

    static boolean isValid(String name) {
        return VALID.matcher(name).matches();
    }

    private static String sanitize(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            out.append(ok ? c : '_');
        }
        return out.toString();
    }

    private static String hash(String id, String name) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(id.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            byte[] digest = sha.digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
