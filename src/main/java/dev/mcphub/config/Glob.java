package dev.mcphub.config;

/**
 * Tool-name patterns in profiles: {@code *} any run of characters, {@code ?} one character, everything else
 * literal. Matched by hand rather than through {@code java.util.regex} so that a name with regex
 * metacharacters (tool names may hold dots, brackets, plus signs) can never be misread as a pattern.
 */
public final class Glob {
    private Glob() {}

    public static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
