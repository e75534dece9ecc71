package dev.mcphub.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.mcphub.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * OAuth access tokens: a JWT is checked locally, anything else is introspected when an introspection
 * endpoint is known. The token's scopes become an {@link Access}: {@code mcp:read}, {@code mcp:call},
 * {@code mcp:admin}, {@code mcp:server:<name>} values limit it to those servers, and {@code mcp:profile:<name>}
 * values to those profiles' endpoints.
 */
final class Tokens {
    private static final String SERVER_SCOPE = "mcp:server:";
    private static final String PROFILE_SCOPE = "mcp:profile:";
    private final AuthSettings settings;
    private final Supplier<URI> resource;
    private final IssuerMetadata metadata;
    private final HttpClient http;
    private final Clock clock;
    private volatile JwtTokens jwt;
    private volatile Introspection introspection;

    Tokens(AuthSettings settings, Supplier<URI> resource, HttpClient http, Clock clock) {
        this.settings = settings;
        this.resource = resource;
        this.http = http;
        this.clock = clock;
        this.metadata = settings.issuer() == null ? null : new IssuerMetadata(settings.issuer(), http);
    }

    Access verify(String token) throws TokenRefused {
        if (looksLikeJwt(token)) {
            JwtTokens local = jwt();
            if (local != null) {
                return access(local.verify(token));
            }
        }
        Introspection remote = introspection();
        if (remote == null) {
            throw new TokenRefused(
                    looksLikeJwt(token)
                            ? "The issuer's signing keys are not available right now"
                            : "Opaque access tokens are not accepted (no introspection endpoint)");
        }
        return access(remote.verify(token));
    }

    private static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }

    private JwtTokens jwt() {
        JwtTokens known = jwt;
        if (known == null) {
            URI jwks = settings.jwksUri() != null
                    ? settings.jwksUri()
                    : metadata == null ? null : metadata.endpoint("jwks_uri");
            if (jwks != null) {
                synchronized (this) {
                    if (jwt == null) {
                        URI declared = metadata == null ? null : metadata.declaredIssuer();
                        URI issuer = declared != null ? declared : settings.issuer();
                        jwt = new JwtTokens(jwks, issuer, resource.get(), skew());
                    }
                    known = jwt;
                }
            }
        }
        return known;
    }

    private Introspection introspection() {
        Introspection known = introspection;
        if (known == null) {
            URI endpoint = settings.introspectionUri() != null
                    ? settings.introspectionUri()
                    : metadata == null || settings.introspectionClientId() == null
                            ? null
                            : metadata.endpoint("introspection_endpoint");
            if (endpoint != null) {
                synchronized (this) {
                    if (introspection == null) {
                        introspection = new Introspection(
                                endpoint,
                                settings.introspectionClientId(),
                                settings.introspectionClientSecret(),
                                settings.issuer(),
                                resource.get(),
                                http,
                                clock);
                    }
                    known = introspection;
                }
            }
        }
        return known;
    }

    private Duration skew() {
        return settings.clockSkew();
    }

    private static Access access(JWTClaimsSet claims) {
        Object scope = claims.getClaim("scope");
        Object scp = claims.getClaim("scp");
        List<String> values = new ArrayList<>();
        if (scope instanceof String s) {
            values.addAll(List.of(s.split(" ")));
        }
        if (scp instanceof List<?> list) {
            list.forEach(v -> values.add(String.valueOf(v)));
        }
        Object client = claims.getClaim("client_id");
        Object azp = claims.getClaim("azp");
        return access(claims.getSubject(), client != null ? String.valueOf(client) : (String) azp, values);
    }

    private static Access access(JsonNode answer) {
        String scope = Json.string(answer, "scope");
        List<String> values = scope == null ? List.of() : List.of(scope.split(" "));
        String subject = Json.string(answer, "sub");
        String client = Json.string(answer, "client_id");
        return access(subject != null ? subject : "client:" + client, client, values);
    }

    private static Access access(String subject, String client, List<String> scopes) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        Set<String> servers = null;
        Set<String> profiles = null;
        for (String value : scopes) {
            if (value.startsWith(PROFILE_SCOPE)) {
                profiles = profiles == null ? new LinkedHashSet<>() : profiles;
                profiles.add(value.substring(PROFILE_SCOPE.length()));
            } else if (value.startsWith(SERVER_SCOPE)) {
                servers = servers == null ? new LinkedHashSet<>() : servers;
                servers.add(value.substring(SERVER_SCOPE.length()));
            } else if (value.startsWith("mcp:")) {
                Permission p = Permission.parse(value);
                if (p != null) {
                    permissions.add(p);
                }
            }
        }
        return new Access("token:" + subject, client, permissions, servers, profiles);
    }
}
