package dev.mcphub.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Says in plain words what is wrong with a config file the parser refused, and where: "the file ends inside the
 * "args" array opened at 1:40", "expected ',' or '}' after the value of "command", found a string". It reads the
 * same lenient JSON the loader accepts (comments, trailing commas, single quotes, unquoted keys) and is run only
 * on a file that failed, so it never decides what a good file means.
 */
final class ConfigSyntax {
    /** What is wrong and where (the position of the offending character, or the end of the file), 1-based. */
    record Problem(int line, int column, String reason) {}

    private static final Set<String> WORDS = Set.of("true", "false", "null", "NaN", "Infinity");
    private static final int MAX_DEPTH = 1_000;

    private final ConfigCursor in;
    private final Deque<Container> open = new ArrayDeque<>();

    /** An object or array being read: what it is the value of, and where it opened. */
    private record Container(
            boolean object, @Nullable String key, @Nullable Container parent, int line, int column) {
        String describe() {
            String kind = object ? "object" : "array";
            if (key != null) {
                return "the \"" + key + "\" " + kind;
            }
            if (parent == null) {
                return "the top-level " + kind;
            }
            return "an " + kind + " in " + parent.describe();
        }

        String opened() {
            return describe() + " opened at " + line + ":" + column;
        }
    }

    private ConfigSyntax(String text) {
        this.in = new ConfigCursor(text);
    }

    /** The first problem of {@code text}, or null when this reader finds none. */
    static @Nullable Problem diagnose(String text) {
        try {
            new ConfigSyntax(text).document();
            return null;
        } catch (ConfigCursor.Stop stop) {
            return stop.problem;
        }
    }

    private void document() {
        in.skipSpace();
        if (in.atEnd()) {
            throw ConfigCursor.stop(1, 1, "the file is empty");
        }
        value(null);
        in.skipSpace();
        if (!in.atEnd()) {
            throw in.stop("unexpected " + in.found() + " after the end of the top-level value");
        }
    }

    private void value(@Nullable String key) {
        skipToMore();
        char c = in.peek();
        switch (c) {
            case '{' -> container(true, key);
            case '[' -> container(false, key);
            case '"', '\'' -> in.string();
            case '}', ']' -> throw closes(c, "a value");
            default -> {
                if (ConfigCursor.isWordChar(c)) {
                    scalar();
                } else {
                    throw in.stop("expected a value, found " + in.found());
                }
            }
        }
    }

    private void container(boolean object, @Nullable String key) {
        if (open.size() >= MAX_DEPTH) {
            throw in.stop("objects and arrays are nested more than " + MAX_DEPTH + " deep");
        }
        Container container = new Container(object, key, open.peek(), in.line(), in.column());
        open.push(container);
        in.advance();
        char close = object ? '}' : ']';
        boolean first = true;
        String previousKey = null;
        while (true) {
            skipToMore();
            if (in.peek() == close) {
                in.advance();
                open.pop();
                return;
            }
            if (!first) {
                if (in.peek() != ',') {
                    throw afterValue(container, previousKey);
                }
                in.advance();
                in.skipSpace();
                if (!in.atEnd() && in.peek() == close) {
                    continue; // A trailing comma.
                }
            }
            first = false;
            if (object) {
                previousKey = member();
            } else {
                value(null);
            }
        }
    }

    /** Reads {@code key: value} and returns the key. */
    private String member() {
        skipToMore();
        char c = in.peek();
        String key;
        if (c == '"' || c == '\'') {
            key = in.string();
        } else if (ConfigCursor.isWordChar(c)) {
            key = in.word();
        } else if (c == ']') {
            throw closes(c, "a property name or '}'");
        } else {
            throw in.stop("expected a property name or '}', found " + in.found());
        }
        skipToMore();
        if (in.peek() != ':') {
            throw in.stop("expected ':' after \"" + key + "\", found " + in.found());
        }
        in.advance();
        value(key);
        return key;
    }

    /** A number or one of the words JSON knows; anything else is a string without quotes. */
    private void scalar() {
        int line = in.line();
        int column = in.column();
        String word = in.word();
        if (in.atEnd()) {
            throw endOfFile(); // Cut off in the middle of a value.
        }
        char first = word.charAt(0);
        boolean number = Character.isDigit(first) || first == '-' || first == '+' || first == '.';
        if (!number && !WORDS.contains(word)) {
            throw ConfigCursor.stop(line, column, "'" + word + "' is not a value: text must be in quotes");
        }
    }

    private ConfigCursor.Stop afterValue(Container container, @Nullable String previousKey) {
        char close = container.object() ? '}' : ']';
        String after = container.object() && previousKey != null
                ? "after the value of \"" + previousKey + "\""
                : "after an element of " + container.describe();
        char c = in.peek();
        if ((c == '}' || c == ']') && c != close) {
            return closes(c, "',' or '" + close + "'");
        }
        return in.stop("expected ',' or '" + close + "' " + after + ", found " + in.found());
    }

    /** A closing bracket that does not match the innermost open container, or where none may stand. */
    private ConfigCursor.Stop closes(char c, String expected) {
        Container innermost = open.peek();
        return innermost == null
                ? in.stop("expected " + expected + ", found '" + c + "'")
                : in.stop("'" + c + "' does not close " + innermost.opened());
    }

    /** Skips whitespace and comments; the end of the file here is a problem. */
    private void skipToMore() {
        in.skipSpace();
        if (in.atEnd()) {
            throw endOfFile();
        }
    }

    private ConfigCursor.Stop endOfFile() {
        Container innermost = open.peek();
        return in.stop(
                innermost == null
                        ? "the file ends where a value was expected"
                        : "the file ends inside " + innermost.opened());
    }
}
