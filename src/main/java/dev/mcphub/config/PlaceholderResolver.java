package dev.mcphub.config;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the {@code ${...}} placeholders of one value against one set of variables: innermost first (so
 * {@code ${cmd: cat ${DIR}/token}} works), at most {@value #MAX_DEPTH} levels deep, strict (an unknown
 * variable is an error, never left as literal text). Resolved values are not scanned again.
 */
final class PlaceholderResolver {
    static final int MAX_DEPTH = 10;
    private static final Logger log = LoggerFactory.getLogger(PlaceholderResolver.class);

    private final String server;
    private final Map<String, String> variables;
    private final Placeholders.Context context;

    PlaceholderResolver(String server, Map<String, String> variables, Placeholders.Context context) {
        this.server = server;
        this.variables = variables;
        this.context = context;
    }

    /** A resolver that also sees {@code more}, which wins over what this one sees. */
    PlaceholderResolver with(Map<String, String> more) {
        Map<String, String> combined = new LinkedHashMap<>(variables);
        combined.putAll(more);
        return new PlaceholderResolver(server, combined, context);
    }

    /** The value of an optional field with every placeholder replaced; null stays null. */
    @Nullable
    String resolveOptional(@Nullable String value, String field) {
        return value == null ? null : resolve(value, field);
    }

    /** The value with every placeholder replaced. */
    String resolve(String value, String field) {
        try {
            return resolveText(value, 0);
        } catch (Unresolved e) {
            throw e.forField(server, field);
        }
    }

    /** The variable itself, for {@code null}/{@code ""} env values and legacy {@code $VAR} arguments. */
    String variable(String name, String field) {
        return variable(name, field, "Variable");
    }

    private String variable(String name, String field, String kind) {
        String value = variables.get(name);
        if (value == null) {
            throw new Unresolved(kind + " '" + name + "' not found", name, null).forField(server, field);
        }
        return value;
    }

    /** An argument: the deprecated whole-argument {@code $VAR} form, or ordinary placeholders. */
    String resolveArgument(String arg, String field) {
        if (arg.startsWith("$") && !arg.startsWith("${")) {
            String name = arg.substring(1);
            log.warn("{}: legacy argument syntax '{}' is deprecated, use '{}' instead", server, arg, "${" + name + "}");
            return variable(name, field, "Legacy variable");
        }
        return resolve(arg, field);
    }

    private String resolveText(String text, int depth) {
        if (depth > MAX_DEPTH) {
            throw new Unresolved("Max placeholder resolution depth exceeded, possible circular reference", null, null);
        }
        int start = text.indexOf("${");
        if (start < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int copied = 0;
        while (start >= 0) {
            int end = closingBrace(text, start);
            if (end < 0) {
                // An unmatched "${" is text, as in the reference.
                start = text.indexOf("${", start + 2);
                continue;
            }
            out.append(text, copied, start);
            out.append(valueOf(resolveText(text.substring(start + 2, end), depth + 1)));
            copied = end + 1;
            start = text.indexOf("${", copied);
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** The index of the brace closing the placeholder at {@code start}, counting nested ones; -1 if none. */
    private static int closingBrace(String text, int start) {
        int open = 1;
        for (int i = start + 2; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                open++;
                i++;
            } else if (c == '}' && --open == 0) {
                return i;
            }
        }
        return -1;
    }

    private String valueOf(String content) {
        String trimmed = content.strip();
        if (trimmed.startsWith("cmd:")) {
            return runCommand(trimmed.substring(4).strip());
        }
        String name = trimmed.startsWith("env:") ? trimmed.substring(4).strip() : trimmed;
        String value = variables.get(name);
        if (value == null) {
            throw new Unresolved("Variable '" + name + "' not found", name, null);
        }
        return value;
    }

    private String runCommand(String command) {
        if (command.isEmpty()) {
            throw new Unresolved("cmd execution failed: Empty command in cmd:", null, command);
        }
        log.debug("{}: running placeholder command {}", server, command);
        try {
            return ShellCommand.run(command, context.commandTimeout(), context.processEnv(), context.workspaceFolder());
        } catch (ShellCommand.Failed e) {
            throw new Unresolved("cmd execution failed: " + e.getMessage(), null, command);
        }
    }

    /** A placeholder that has no value; becomes a {@link HubException} once the field is known. */
    private static final class Unresolved extends RuntimeException {
        private final @Nullable String variable;
        private final @Nullable String command;

        Unresolved(String message, @Nullable String variable, @Nullable String command) {
            super(message, null, false, false);
            this.variable = variable;
            this.command = command;
        }

        HubException forField(String server, String field) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("server", server);
            data.put("field", field);
            if (variable != null) {
                data.put("variable", variable);
            }
            if (command != null) {
                data.put("command", command);
            }
            String message = "Server '" + server + "': " + getMessage() + " (in " + field + ")";
            return new HubException(ErrorCode.CONFIG_ERROR, message, data);
        }
    }
}
