/**
 * Who may use the hub, and for what. Owns the policy (no authentication is fine on loopback only), the
 * hub's side of MCP authorization as an OAuth 2.1 protected resource (RFC 9728 metadata, Bearer challenges,
 * JWT access tokens checked against the issuer's JWKS, RFC 7662 introspection of opaque ones), API keys (a
 * file of hashes, never the keys, with the revocations; shared with a cluster's other replicas through {@link
 * dev.mcphub.auth.SharedKeys}, whose implementation it does not know), single-use tickets for browser event streams, and the {@link
 * dev.mcphub.auth.Access} decision every door attaches to a request: read, call or admin, on which servers.
 *
 * <p>It knows HTTP requests and the hub's directories, but nothing of the hub, its servers, MCP sessions or
 * REST routes: those packages ask an {@code Access} what it allows. Tokens and keys never leave this
 * package: nothing here logs, returns or passes them on (the spec forbids passing tokens upstream).
 */
package dev.mcphub.auth;
