/**
 * The hub as an OAuth 2.1 client of remote MCP servers, as the MCP authorization spec asks: discovery
 * (protected-resource metadata, RFC 9728; authorization-server metadata, RFC 8414, with OpenID Connect
 * discovery as the fallback), the client's identity (dynamic registration, RFC 7591, or a pre-registered
 * client from the config), the authorization-code flow with PKCE S256, {@code state} and the {@code resource}
 * indicator (RFC 8707), token refresh before expiry and after a 401, step-up on 403 {@code insufficient_scope},
 * and the owner-only token file {@code oauth-storage.json}. It knows servers by name and URL only: nothing of
 * transports, of the supervisor or of HTTP routes. Tokens never leave it except as an {@code Authorization}
 * header value, and are never logged.
 */
package dev.mcphub.upstream.oauth;
