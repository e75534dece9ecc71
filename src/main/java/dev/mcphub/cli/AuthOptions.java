package dev.mcphub.cli;

import dev.mcphub.auth.AuthSettings;
import dev.mcphub.config.HubDirs;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/** The flags about who may use the hub and what is recorded: authentication, audit, limits of exposure. */
final class AuthOptions {
    @Option(
            names = "--allow-unauthenticated",
            description = "Listen on a non-loopback address without authentication (anyone who reaches the port may"
                    + " use every server)")
    boolean allowUnauthenticated;

    @Option(
            names = "--auth-issuer",
            paramLabel = "URL",
            description = "Accept OAuth access tokens from this authorization server (its metadata names the JWKS"
                    + " and introspection endpoints)")
    URI issuer;

    @Option(
            names = {"--auth-resource", "--auth-audience"},
            paramLabel = "URL",
            description = "The hub's public URL: the audience tokens must carry (RFC 8707); default http://HOST:PORT")
    URI resource;

    @Option(
            names = "--auth-jwks-url",
            paramLabel = "URL",
            description = "The issuer's signing keys, when its metadata does not name them")
    URI jwksUrl;

    @Option(
            names = "--auth-introspection-url",
            paramLabel = "URL",
            description = "RFC 7662 endpoint for opaque tokens; the hub's client id and secret come from"
                    + " MCP_HUB_INTROSPECTION_CLIENT_ID and MCP_HUB_INTROSPECTION_CLIENT_SECRET")
    URI introspectionUrl;

    @Option(
            names = "--auth-dashboard-client-id",
            paramLabel = "ID",
            description = "The dashboard's public OAuth client at the issuer (redirect URI: the hub's URL and /);"
                    + " without it the hub registers one when the issuer allows dynamic registration")
    String dashboardClientId;

    @Option(
            names = "--auth-clock-skew",
            paramLabel = "SECONDS",
            description = "Tolerance for token expiry and not-before times (default: ${DEFAULT-VALUE})")
    long clockSkewSeconds = 30;

    @Option(
            names = "--no-api-keys",
            description = "Ignore the API key file (keys are accepted whenever it exists; see mcp-hub keys)")
    boolean noApiKeys;

    @Option(
            names = "--audit",
            description = "Keep the audit trail also without authentication (it is on whenever authentication is)")
    boolean audit;

    @Option(
            names = "--audit-payloads",
            description = "Also write argument values and results to the audit trail (they may hold personal data)")
    boolean auditPayloads;

    @Option(
            names = "--max-body-bytes",
            paramLabel = "BYTES",
            description = "Largest request body (default: ${DEFAULT-VALUE})")
    int maxBodyBytes = 4 * 1024 * 1024;

    @Option(
            names = "--max-header-bytes",
            paramLabel = "BYTES",
            description = "Largest request line and headers together (default: ${DEFAULT-VALUE})")
    int maxHeaderBytes = 16 * 1024;

    @Option(
            names = "--max-sessions",
            paramLabel = "N",
            description = "Most MCP sessions open at once; more get 503 (default: ${DEFAULT-VALUE})")
    int maxSessions = 1_000;

    AuthSettings settings(HubDirs dirs, Map<String, String> env) {
        return new AuthSettings(
                issuer,
                resource,
                jwksUrl,
                introspectionUrl,
                blankToNull(env.get("MCP_HUB_INTROSPECTION_CLIENT_ID")),
                blankToNull(env.get("MCP_HUB_INTROSPECTION_CLIENT_SECRET")),
                keyFile(dirs),
                !noApiKeys,
                Duration.ofSeconds(clockSkewSeconds),
                dashboardClientId);
    }

    static java.nio.file.Path keyFile(HubDirs dirs) {
        return dirs.state().resolve("api-keys.json");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
