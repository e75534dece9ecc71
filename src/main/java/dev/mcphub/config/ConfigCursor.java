package dev.mcphub.config;

/**
 * A position in the text of a config file and the lexical reads of lenient JSON (whitespace and comments,
 * strings in either quote, unquoted words), for {@link ConfigSyntax}. Lines and columns are 1-based and count
 * characters, as editors show them.
 */
final class ConfigCursor {
    /** Thrown to stop at the first problem. */
    static final class Stop extends RuntimeException {
        final transient ConfigSyntax.Problem problem;

        Stop(ConfigSyntax.Problem problem) {
            super(null, null, false, false);
            this.problem = problem;
        }
    }

    private final String text;
    private int at;
    private int line = 1;
    private int column = 1;

    ConfigCursor(String text) {
        this.text = text;
    }

    boolean atEnd() {
        return at >= text.length();
    }

    char peek() {
        return text.charAt(at);
    }

    int line() {
        return line;
    }

    int column() {
        return column;
    }

    void advance() {
        if (text.charAt(at) == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
        at++;
    }

    /** A problem at the current position. */
    Stop stop(String reason) {
        return stop(line, column, reason);
    }

    static Stop stop(int line, int column, String reason) {
        return new Stop(new ConfigSyntax.Problem(line, column, reason));
    }

    /** The character at the current position, as a reader would name it. */
    String found() {
        char c = peek();
        if (c == '"' || c == '\'') {
            return "a string";
        }
        if (Character.isISOControl(c)) {
            return String.format("the control character U+%04X", (int) c);
        }
        return "'" + c + "'";
    }

    static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '-' || c == '+' || c == '.';
    }

    /** An unquoted word: a number, a literal or a property name. */
    String word() {
        int start = at;
        while (!atEnd() && isWordChar(peek())) {
            advance();
        }
        return text.substring(start, at);
    }

    /** A string in the quote at the current position; returns its value. */
    String string() {
        char quote = peek();
        int startLine = line;
        int startColumn = column;
        advance();
        StringBuilder value = new StringBuilder();
        while (!atEnd()) {
            char c = peek();
            if (c == quote) {
                advance();
                return value.toString();
            }
            if (c == '\n') {
                throw stop(
                        startLine, startColumn, "the string that starts here is not closed before the end of the line");
            }
            if (c == '\\') {
                advance();
                if (atEnd()) {
                    break;
                }
                c = peek();
            }
            value.append(c);
            advance();
        }
        throw stop("the file ends inside the string that starts at " + startLine + ":" + startColumn);
    }

    /** Skips whitespace, a byte order mark and comments. */
    void skipSpace() {
        while (!atEnd()) {
            char c = peek();
            if (Character.isWhitespace(c) || c == '\uFEFF') {
                advance();
            } else if (c == '/' && next() == '/') {
                while (!atEnd() && peek() != '\n') {
                    advance();
                }
            } else if (c == '/' && next() == '*') {
                blockComment();
            } else {
                return;
            }
        }
    }

    private char next() {
        return at + 1 < text.length() ? text.charAt(at + 1) : 0;
    }

    private void blockComment() {
        int startLine = line;
        int startColumn = column;
        advance();
        advance();
        while (!atEnd()) {
            if (peek() == '*' && next() == '/') {
                advance();
                advance();
                return;
            }
            advance();
        }
        throw stop("the file ends inside the comment that starts at " + startLine + ":" + startColumn);
    }
}
