package dev.mcphub.profiles;

/**
 * Splits identifiers into words for search: {@code read_text_file}, {@code readTextFile},
 * {@code read-text-file} and {@code github__create_issue} all become separate words, so that a tool's
 * name can be matched by the words a person uses.
 */
final class Words {
    private Words() {}

    static String of(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        char previous = ' ';
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_' || c == '-' || c == '.' || c == '/' || c == ':') {
                out.append(' ');
            } else {
                if (Character.isUpperCase(c) && Character.isLowerCase(previous)) {
                    out.append(' ');
                }
                out.append(c);
            }
            previous = c;
        }
        return out.toString();
    }
}
