package dev.mcphub.config;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How to reach one server: a child process over stdio, or a remote server by URL. Values may still hold
 * {@code ${...}} placeholders until {@link Placeholders} resolves them at connect time.
 */
public sealed interface ServerSpec {

    /** Environment for the server; a null value means "take the variable of the same name from the hub". */
    Map<String, String> env();

    /**
     * A child process speaking MCP on stdin/stdout.
     *
     * @param cwd working directory, or null for the hub's own
     * @param dev hot-restart settings, or null when dev mode is off
     */
    record Stdio(
            String command,
            List<String> args,
            Map<String, String> env,
            @Nullable String cwd,
            @Nullable DevSpec dev) implements ServerSpec {
        public Stdio {
            args = List.copyOf(args);
            env = ConfigMaps.copyAllowingNulls(env);
        }
    }

    /**
     * A remote server: Streamable HTTP first, legacy SSE as the fallback.
     *
     * @param oauth a pre-registered OAuth client, or null to use dynamic client registration
     */
    record Remote(
            String url,
            Map<String, String> headers,
            Map<String, String> env,
            @Nullable OAuthSpec oauth) implements ServerSpec {
        public Remote {
            headers = ConfigMaps.copyAllowingNulls(headers);
            env = ConfigMaps.copyAllowingNulls(env);
        }
    }

    /** Dev mode of a stdio server: restart it when files under {@code cwd} matching {@code watch} change. */
    record DevSpec(boolean enabled, List<String> watch, String cwd) {
        public static final List<String> DEFAULT_WATCH = List.of("**/*.js", "**/*.ts", "**/*.py", "**/*.json");

        public DevSpec {
            watch = List.copyOf(watch);
        }
    }

    /** A pre-registered OAuth client for a remote server ({@code oauth} in the entry). */
    record OAuthSpec(String clientId, @Nullable String clientSecret, List<String> scopes) {
        public OAuthSpec {
            scopes = List.copyOf(scopes);
        }
    }
}
