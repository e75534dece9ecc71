package dev.mcphub.bench;

/**
 * Reads single fields out of JSON text without building a tree: the generator only ever needs a response's
 * {@code id}, whether it carries an {@code error}, and a few flat numbers, so scanning the top level of one
 * object is enough and costs no allocation beyond the returned slice. Input is trusted (it comes from the
 * systems under test); malformed text yields {@code null}, never an exception.
 */
final class JsonScan {
    private JsonScan() {}

    /**
     * The raw text of {@code key}'s value in the top level of the object {@code json} (strings keep their
     * quotes, objects their braces), or {@code null} when the key is absent or {@code json} is not an object.
     */
    static String field(String json, String key) {
        if (json == null) {
            return null;
        }
        int i = skipSpace(json, 0);
        if (i >= json.length() || json.charAt(i) != '{') {
            return null;
        }
        i++;
        while (true) {
            i = skipSpace(json, i);
            if (i >= json.length() || json.charAt(i) != '"') {
                return null;
            }
            int keyEnd = endOfString(json, i);
            if (keyEnd < 0) {
                return null;
            }
            boolean match = keyEnd - i - 2 == key.length() && json.startsWith(key, i + 1);
            i = skipSpace(json, keyEnd);
            if (i >= json.length() || json.charAt(i) != ':') {
                return null;
            }
            int valueStart = skipSpace(json, i + 1);
            int valueEnd = endOfValue(json, valueStart);
            if (valueEnd < 0) {
                return null;
            }
            if (match) {
                return json.substring(valueStart, valueEnd);
            }
            i = skipSpace(json, valueEnd);
            if (i >= json.length() || json.charAt(i) != ',') {
                return null;
            }
            i++;
        }
    }

    /** A string field's value with the common escapes undone, or {@code null} when absent or not a string. */
    static String string(String json, String key) {
        String raw = field(json, key);
        if (raw == null || raw.length() < 2 || raw.charAt(0) != '"') {
            return null;
        }
        String body = raw.substring(1, raw.length() - 1);
        if (body.indexOf('\\') < 0) {
            return body;
        }
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 == body.length()) {
                out.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'u' -> {
                    out.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }

    /** A numeric field, or {@code fallback} when absent or not a number. */
    static double number(String json, String key, double fallback) {
        String raw = field(json, key);
        if (raw == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && s.charAt(i) <= ' ') {
            i++;
        }
        return i;
    }

    /** Index just past the closing quote of the string opening at {@code start}, or -1. */
    private static int endOfString(String s, int start) {
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Index just past the value starting at {@code start}, or -1 when it does not end. */
    private static int endOfValue(String s, int start) {
        if (start >= s.length()) {
            return -1;
        }
        char first = s.charAt(start);
        if (first == '"') {
            return endOfString(s, start);
        }
        if (first == '{' || first == '[') {
            int depth = 0;
            for (int i = start; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"') {
                    i = endOfString(s, i) - 1;
                    if (i < 0) {
                        return -1;
                    }
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if ((c == '}' || c == ']') && --depth == 0) {
                    return i + 1;
                }
            }
            return -1;
        }
        int i = start;
        while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return i;
    }
}
