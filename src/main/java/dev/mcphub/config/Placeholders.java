package dev.mcphub.config;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Resolves a server's {@code ${...}} placeholders when it connects (§3.4 of the contract): {@code ${VAR}},
 * {@code ${env:VAR}}, {@code ${input:id}} (from {@code MCP_HUB_ENV} only), {@code ${cmd: shell command}},
 * VS Code's predefined variables, nesting, and the legacy whole-argument {@code $VAR}. A value that cannot
 * be resolved fails only that server, with a message naming the variable and the field.
 */
public final class Placeholders {
    private static final Logger log = LoggerFactory.getLogger(Placeholders.class);

    /** The variables the child of a stdio server inherits from the hub; the reference's safe set and more. */
    private static final List<String> INHERITED = List.of(
            // The MCP SDK's default set, as in the reference.
            "HOME",
            "LOGNAME",
            "PATH",
            "SHELL",
            "TERM",
            "USER",
            // Added so that npx and friends work behind a proxy and with the user's locale and temp dir.
            "LANG",
            "LC_ALL",
            "LC_CTYPE",
            "TMPDIR",
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "NO_PROXY",
            "http_proxy",
            "https_proxy",
            "no_proxy");

    private Placeholders() {}

    /**
     * What placeholders are resolved against.
     *
     * @param processEnv the hub's own environment (also the environment of {@code ${cmd:}} shells)
     * @param hubEnv the entries of {@code MCP_HUB_ENV}; they win over {@code processEnv} and every server gets them
     * @param workspaceFolder {@code ${workspaceFolder}} and {@code ${cwd}}: the hub's working directory
     * @param commandTimeout how long a {@code ${cmd:}} may run
     * <p>The constructor still takes null for any of these (callers in tests do) and puts the default in.
     */
    public record Context(
            Map<String, String> processEnv,
            Map<String, String> hubEnv,
            Path workspaceFolder,
            Path userHome,
            Duration commandTimeout) {
        public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);

        public Context {
            processEnv = withoutNulls(processEnv);
            hubEnv = withoutNulls(hubEnv);
            workspaceFolder = (workspaceFolder != null ? workspaceFolder : Path.of("")).toAbsolutePath();
            userHome = userHome != null ? userHome : defaultHome();
            commandTimeout = commandTimeout != null ? commandTimeout : DEFAULT_COMMAND_TIMEOUT;
        }

        /** The context of a hub started with this environment in this directory; reads {@code MCP_HUB_ENV}. */
        public static Context fromEnvironment(Map<String, String> env, Path cwd) {
            String home = env.get("HOME");
            return new Context(
                    env,
                    parseHubEnv(env.get("MCP_HUB_ENV")),
                    cwd,
                    home != null && !home.isEmpty() ? Path.of(home) : defaultHome(),
                    DEFAULT_COMMAND_TIMEOUT);
        }

        /** Lowest to highest priority: predefined variables, the hub's environment, {@code MCP_HUB_ENV}. */
        Map<String, String> variables() {
            Map<String, String> variables = new LinkedHashMap<>();
            Path basename = workspaceFolder.getFileName();
            variables.put("workspaceFolder", workspaceFolder.toString());
            variables.put("workspaceFolderBasename", basename != null ? basename.toString() : "");
            variables.put("cwd", workspaceFolder.toString());
            variables.put("userHome", userHome.toString());
            variables.put("pathSeparator", File.separator);
            variables.put("/", File.separator);
            // ${input:id} values are what an editor would prompt for; only MCP_HUB_ENV supplies them.
            processEnv.forEach((name, value) -> {
                if (!name.startsWith("input:")) {
                    variables.put(name, value);
                }
            });
            variables.putAll(hubEnv);
            return variables;
        }
    }

    /**
     * The spec with every placeholder resolved: {@code env} first, single pass against the context alone;
     * then {@code args}, {@code command}, {@code url}, {@code headers}, {@code cwd}, {@code dev.cwd} and
     * {@code oauth} with the server's resolved env added. The result's env is {@code MCP_HUB_ENV} plus
     * the server's resolved env, the server's winning.
     *
     * @throws HubException {@link ErrorCode#CONFIG_ERROR} naming the server, the field and the variable
     */
    public static ServerSpec resolve(String serverName, ServerSpec spec, Context ctx) {
        PlaceholderResolver base = new PlaceholderResolver(serverName, ctx.variables(), ctx);
        Map<String, String> serverEnv = resolveEnv(spec.env(), base);
        PlaceholderResolver resolver = base.with(serverEnv);
        Map<String, String> env = new LinkedHashMap<>(ctx.hubEnv());
        env.putAll(serverEnv);
        return switch (spec) {
            case ServerSpec.Stdio stdio -> resolveStdio(serverName, stdio, env, resolver);
            case ServerSpec.Remote remote -> resolveRemote(serverName, remote, env, resolver);
        };
    }

    /**
     * The environment of a stdio server's child process: a few safe variables of the hub's (never its whole
     * environment, which may hold other servers' secrets), then the server's resolved env on top.
     */
    public static Map<String, String> childEnvironment(
            Map<String, String> hubProcessEnv, Map<String, String> resolvedEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : INHERITED) {
            String value = hubProcessEnv.get(name);
            // Values starting "()" are exported shell functions, which the SDK refuses to pass on.
            if (value != null && !value.startsWith("()")) {
                env.put(name, value);
            }
        }
        resolvedEnv.forEach((name, value) -> {
            if (value != null) {
                env.put(name, value);
            }
        });
        return env;
    }

    private static Map<String, String> resolveEnv(Map<String, String> env, PlaceholderResolver base) {
        Map<String, String> resolved = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            String field = "env." + name;
            resolved.put(
                    name, value == null || value.isEmpty() ? base.variable(name, field) : base.resolve(value, field));
        });
        return resolved;
    }

    private static ServerSpec.Stdio resolveStdio(
            String server, ServerSpec.Stdio stdio, Map<String, String> env, PlaceholderResolver resolver) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < stdio.args().size(); i++) {
            args.add(resolver.resolveArgument(stdio.args().get(i), "args[" + i + "]"));
        }
        String command = resolver.resolve(stdio.command(), "command");
        String cwd = resolver.resolveOptional(stdio.cwd(), "cwd");
        ServerSpec.DevSpec dev = stdio.dev();
        if (dev != null) {
            String devCwd = resolver.resolve(dev.cwd(), "dev.cwd");
            if (!ConfigValidator.isAbsolutePath(devCwd)) {
                throw ConfigValidator.invalid(server, "dev.cwd", null, "dev.cwd must be an absolute path");
            }
            dev = new ServerSpec.DevSpec(dev.enabled(), dev.watch(), devCwd);
        }
        return new ServerSpec.Stdio(command, args, env, cwd, dev);
    }

    private static ServerSpec.Remote resolveRemote(
            String server, ServerSpec.Remote remote, Map<String, String> env, PlaceholderResolver resolver) {
        String url = resolver.resolve(remote.url(), "url");
        if (!ConfigValidator.isValidUrl(url)) {
            throw ConfigValidator.invalid(server, "url", null, "has invalid url");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        remote.headers()
                .forEach((name, value) -> headers.put(name, resolver.resolveOptional(value, "headers." + name)));
        ServerSpec.OAuthSpec oauth = remote.oauth();
        if (oauth != null) {
            List<String> scopes = new ArrayList<>();
            for (int i = 0; i < oauth.scopes().size(); i++) {
                scopes.add(resolver.resolve(oauth.scopes().get(i), "oauth.scopes[" + i + "]"));
            }
            oauth = new ServerSpec.OAuthSpec(
                    resolver.resolve(oauth.clientId(), "oauth.clientId"),
                    resolver.resolveOptional(oauth.clientSecret(), "oauth.clientSecret"),
                    scopes);
        }
        return new ServerSpec.Remote(url, headers, env, oauth);
    }

    /** {@code MCP_HUB_ENV}: a JSON object of extra variables; anything else is warned about and ignored. */
    static Map<String, String> parseHubEnv(@Nullable String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        JsonNode root;
        try {
            root = Json.parse(json);
        } catch (JacksonException e) {
            log.warn("MCP_HUB_ENV is not valid JSON, ignoring it: {}", e.getOriginalMessage());
            return Map.of();
        }
        if (root == null || !root.isObject()) {
            log.warn("MCP_HUB_ENV is not a JSON object, ignoring it");
            return Map.of();
        }
        Map<String, String> env = new LinkedHashMap<>();
        root.properties().forEach(e -> {
            String text = ServerEntry.text(e.getValue());
            if (text != null) {
                env.put(e.getKey(), text);
            } else if (e.getValue().isContainer()) {
                env.put(e.getKey(), e.getValue().toString());
            }
        });
        return env;
    }

    /** The JVM's idea of the user's home, for a context whose environment names none. */
    private static Path defaultHome() {
        return Path.of(System.getProperty("user.home"));
    }

    private static Map<String, String> withoutNulls(@Nullable Map<String, String> map) {
        Map<String, String> copy = new LinkedHashMap<>();
        if (map != null) {
            map.forEach((key, value) -> {
                if (key != null && value != null) {
                    copy.put(key, value);
                }
            });
        }
        return Collections.unmodifiableMap(copy);
    }
}
