package dev.mcphub.auth;

import dev.mcphub.http.Exchange;
import dev.mcphub.json.Json;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the hub says as an OAuth protected resource: its RFC 9728 metadata document, the {@code
 * WWW-Authenticate} challenges of its 401s and 403s (RFC 6750, with {@code resource_metadata}), and the
 * bodies of those answers: the hub's JSON error on {@code /api}, a JSON-RPC error on the MCP endpoints.
 * Challenges never echo a credential.
 */
final class ProtectedResource {
    static final String METADATA = "/.well-known/oauth-protected-resource";

    private final URI issuer;
    private final Supplier<URI> resource;
    private final boolean oauth;

    /** @param oauth whether tokens are accepted (else there is no metadata to point at) */
    ProtectedResource(URI issuer, Supplier<URI> resource, boolean oauth) {
        this.issuer = issuer;
        this.resource = resource;
        this.oauth = oauth;
    }

    void metadata(Response response, Callback callback) {
        if (!oauth) {
            Exchange.json(
                    response, callback, 404, error("Not found: this hub accepts no OAuth tokens", "ROUTE_NOT_FOUND"));
            return;
        }
        ObjectNode body = Json.object();
        body.put("resource", resource.get().toString());
        if (issuer != null) {
            body.putArray("authorization_servers").add(issuer.toString());
        }
        var scopes = body.putArray("scopes_supported");
        for (Permission p : Permission.values()) {
            scopes.add(p.scope());
        }
        body.putArray("bearer_methods_supported").add("header");
        body.put("resource_name", "mcp-hub");
        Exchange.json(response, callback, 200, body, Map.of("Cache-Control", "max-age=300"));
    }

    /** A 401 or 403 from the door; {@code error} is null for a request without credentials. */
    void refuse(Response response, Callback callback, String path, int status, String error, String message) {
        Map<String, String> headers = Map.of("WWW-Authenticate", challenge(path, error, message));
        boolean mcp = !path.startsWith("/api") && !path.equals("/events");
        ObjectNode body = mcp ? rpcError(message) : error(message, status == 401 ? "UNAUTHORIZED" : "FORBIDDEN");
        Exchange.json(response, callback, status, body, headers);
    }

    /** The challenge of a 403 for want of {@code needed}: every scope up to it (clients replace, not add). */
    String stepUp(String path, Permission needed) {
        StringBuilder scopes = new StringBuilder();
        for (Permission p : Permission.values()) {
            if (p.ordinal() <= needed.ordinal()) {
                scopes.append(scopes.isEmpty() ? "" : " ").append(p.scope());
            }
        }
        return "Bearer realm=\"mcp-hub\", error=\"insufficient_scope\", scope=\"" + scopes + "\""
                + metadataParameter(path);
    }

    private String challenge(String path, String error, String message) {
        StringBuilder value = new StringBuilder("Bearer realm=\"mcp-hub\"");
        if (error != null) {
            value.append(", error=\"").append(error).append('"');
            value.append(", error_description=\"")
                    .append(message.replace('"', '\''))
                    .append('"');
        }
        if ("insufficient_scope".equals(error)) {
            value.append(", scope=\"").append(Permission.READ.scope()).append('"');
        } else if (error == null && oauth) {
            // What an MCP client needs; admin is asked for when it is needed (step-up).
            value.append(", scope=\"")
                    .append(Permission.READ.scope())
                    .append(' ')
                    .append(Permission.CALL.scope())
                    .append('"');
        }
        return value.append(metadataParameter(path)).toString();
    }

    private String metadataParameter(String path) {
        return oauth ? ", resource_metadata=\"" + metadataUrl(path) + "\"" : "";
    }

    /** The path-suffixed metadata URL for an MCP endpoint, the plain one for everything else. */
    String metadataUrl(String path) {
        URI uri = URI.create(resource.get().toString().replaceAll("/+$", ""));
        String origin = uri.getScheme() + "://" + uri.getRawAuthority();
        String prefix = uri.getRawPath() == null ? "" : uri.getRawPath();
        boolean mcp = path.equals("/mcp")
                || ((path.startsWith("/servers/") || path.startsWith("/profiles/")) && path.endsWith("/mcp"));
        return origin + prefix + METADATA + (mcp ? path : "");
    }

    private static ObjectNode error(String message, String code) {
        ObjectNode body = Json.object();
        body.put("error", message);
        body.put("code", code);
        body.putObject("data");
        body.put("timestamp", Instant.now().toString());
        return body;
    }

    private static ObjectNode rpcError(String message) {
        ObjectNode body = Json.object();
        body.put("jsonrpc", "2.0");
        body.putNull("id");
        body.putObject("error").put("code", -32001).put("message", message);
        return body;
    }
}
