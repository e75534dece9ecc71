package dev.mcphub.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Says in plain words what is wrong with a config file the parser refused, and where: "the file ends inside the
 * "args" array opened at 1:40", "expected ',' or '}' after the value of "command", found a string". It reads the
 * same lenient JSON the loader accepts (comments, trailing commas, single quotes, unquoted keys) and is run only
 * on a file that failed, so it never decides what a good file means. Lines and columns are 1-based and count
 * characters.
 */
final class ConfigSyntax {
    /** What is wrong and where (the position of the offending character, or the end of the file). */
    record Problem(int line, int column, String reason) {}

    private static final Set<String> WORDS = Set.of("true", "false", "null", "NaN", "Infinity");
    private static final int MAX_DEPTH = 1_000;

    private final String text;
    private final Deque<Container> open = new ArrayDeque<>();
    private int at;
    private int line = 1;
    private int column = 1;

    /** An object or array being read: what it is the value of, and where it opened. */
    private record Container(boolean object, String key, Container parent, int line, int column) {
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
    }

    /** Thrown to stop at the first problem. */
    private static final class Found extends RuntimeException {
        final transient Problem problem;

        Found(Problem problem) {
            super(null, null, false, false);
            this.problem = problem;
        }
    }

    private ConfigSyntax(String text) {
        this.text = text;
    }

    /** The first problem of {@code text}, or null when this reader finds none. */
    static Problem diagnose(String text) {
        ConfigSyntax syntax = new ConfigSyntax(text);
        try {
            syntax.document();
            return null;
        } catch (Found found) {
            return found.problem;
        }
    }

    private void document() {
        skipSpace();
        if (at >= text.length()) {
            throw new Found(new Problem(1, 1, "the file is empty"));
        }
        value(null);
        skipSpace();
        if (at < text.length()) {
            throw problemHere("unexpected " + found() + " after the end of the top-level value");
        }
    }

    private void value(String key) {
        skipSpace();
        if (at >= text.length()) {
            throw endOfFile();
        }
        char c = text.charAt(at);
        switch (c) {
            case '{' -> container(true, key);
            case '[' -> container(false, key);
            case '"', '\'' -> string();
            case '}', ']' -> throw closes(c, "a value");
            default -> {
                if (isWordChar(c)) {
                    scalar();
                } else {
                    throw problemHere("expected a value, found " + found());
                }
            }
        }
    }

    private void container(boolean object, String key) {
        if (open.size() >= MAX_DEPTH) {
            throw problemHere("objects and arrays are nested more than " + MAX_DEPTH + " deep");
        }
        Container container = new Container(object, key, open.peek(), line, column);
        open.push(container);
        advance();
        char close = object ? '}' : ']';
        boolean first = true;
        String previousKey = null;
        while (true) {
            skipSpace();
            if (at >= text.length()) {
                throw endOfFile();
            }
            if (text.charAt(at) == close) {
                advance();
                open.pop();
                return;
            }
            if (!first) {
                if (text.charAt(at) != ',') {
                    throw afterValue(container, previousKey);
                }
                advance();
                skipSpace();
                if (at < text.length() && text.charAt(at) == close) {
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
        skipSpace();
        if (at >= text.length()) {
            throw endOfFile();
        }
        char c = text.charAt(at);
        String key;
        if (c == '"' || c == '\'') {
            key = string();
        } else if (isWordChar(c)) {
            key = word();
        } else if (c == ']') {
            throw closes(c, "a property name or '}'");
        } else {
            throw problemHere("expected a property name or '}', found " + found());
        }
        skipSpace();
        if (at >= text.length()) {
            throw endOfFile();
        }
        if (text.charAt(at) != ':') {
            throw problemHere("expected ':' after \"" + key + "\", found " + found());
        }
        advance();
        value(key);
        return key;
    }

    private Found afterValue(Container container, String previousKey) {
        char close = container.object() ? '}' : ']';
        String after = container.object() && previousKey != null
                ? "after the value of \"" + previousKey + "\""
                : "after an element of " + container.describe();
        char c = text.charAt(at);
        if ((c == '}' || c == ']') && c != close) {
            return closes(c, "',' or '" + close + "'");
        }
        return problemHere("expected ',' or '" + close + "' " + after + ", found " + found());
    }

    /** A closing bracket that does not match the innermost open container, or where none may stand. */
    private Found closes(char c, String expected) {
        Container innermost = open.peek();
        if (innermost == null) {
            return problemHere("expected " + expected + ", found '" + c + "'");
        }
        return problemHere("'" + c + "' does not close " + innermost.describe() + " opened at " + innermost.line() + ":"
                + innermost.column());
    }

    private String string() {
        char quote = text.charAt(at);
        int startLine = line;
        int startColumn = column;
        advance();
        StringBuilder value = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == quote) {
                advance();
                return value.toString();
            }
            if (c == '\n') {
                throw new Found(new Problem(
                        startLine,
                        startColumn,
                        "the string that starts here is not closed before the end of the line"));
            }
            if (c == '\\') {
                advance();
                if (at >= text.length()) {
                    break;
                }
                c = text.charAt(at);
            }
            value.append(c);
            advance();
        }
        throw new Found(new Problem(
                line, column, "the file ends inside the string that starts at " + startLine + ":" + startColumn));
    }

    /** A number or one of the words JSON knows; anything else is a string without quotes. */
    private void scalar() {
        int startLine = line;
        int startColumn = column;
        String word = word();
        if (at >= text.length()) {
            throw endOfFile(); // Cut off in the middle of a value.
        }
        char first = word.charAt(0);
        boolean number = Character.isDigit(first) || first == '-' || first == '+' || first == '.';
        if (!number && !WORDS.contains(word)) {
            throw new Found(
                    new Problem(startLine, startColumn, "'" + word + "' is not a value: text must be in quotes"));
        }
    }

    private String word() {
        int start = at;
        while (at < text.length() && isWordChar(text.charAt(at))) {
            advance();
        }
        return text.substring(start, at);
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '-' || c == '+' || c == '.';
    }

    private void skipSpace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (Character.isWhitespace(c) || c == '\uFEFF') {
                advance();
            } else if (c == '/' && at + 1 < text.length() && text.charAt(at + 1) == '/') {
                while (at < text.length() && text.charAt(at) != '\n') {
                    advance();
                }
            } else if (c == '/' && at + 1 < text.length() && text.charAt(at + 1) == '*') {
                blockComment();
            } else {
                return;
            }
        }
    }

    private void blockComment() {
        int startLine = line;
        int startColumn = column;
        advance();
        advance();
        while (at < text.length()) {
            if (text.charAt(at) == '*' && at + 1 < text.length() && text.charAt(at + 1) == '/') {
                advance();
                advance();
                return;
            }
            advance();
        }
        throw new Found(new Problem(
                line, column, "the file ends inside the comment that starts at " + startLine + ":" + startColumn));
    }

    private Found endOfFile() {
        Container innermost = open.peek();
        String where = innermost == null
                ? "the file ends where a value was expected"
                : "the file ends inside " + innermost.describe() + " opened at " + innermost.line() + ":"
                        + innermost.column();
        return new Found(new Problem(line, column, where));
    }

    private Found problemHere(String reason) {
        return new Found(new Problem(line, column, reason));
    }

    /** The character at the current position, as a reader would name it. */
    private String found() {
        char c = text.charAt(at);
        if (c == '"' || c == '\'') {
            return "a string";
        }
        if (Character.isISOControl(c)) {
            return String.format("the control character U+%04X", (int) c);
        }
        return "'" + c + "'";
    }

    private void advance() {
        if (text.charAt(at) == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
        at++;
    }
}
