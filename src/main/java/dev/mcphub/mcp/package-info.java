/**
 * The hub as an MCP server: one endpoint ({@code /mcp}) that aggregates every connected server under
 * namespaced names, and one per server ({@code /servers/<name>/mcp}) that passes a single server through
 * unprefixed; both over Streamable HTTP and the legacy HTTP+SSE transport. It owns sessions, protocol
 * version negotiation, pagination of the merged lists, routing of calls to the owning server (namespaced names,
 * and names and URIs in a server's own spelling as clients receive them inside results), progress,
 * cancellation, subscriptions, log levels, and forwarding of servers' own requests (sampling, elicitation,
 * roots) to the client whose call caused them. Both eras of MCP share the endpoints: 2025-era sessions
 * ({@link dev.mcphub.mcp.Dispatcher}) and stateless 2026-07-28 requests ({@code StatelessHttp},
 * {@code StatelessDispatcher}, {@code ListenStreams}), told apart per request ({@code EraClassifier}), with
 * server-to-client requests turned into Multi Round-Trip rounds where the eras meet ({@code InputRounds}). It
 * reaches servers only through the hub's door, never an upstream or a connection; its transport refusals are
 * one table ({@code TransportError}). It knows nothing of the REST API's shapes, nor of keys and tokens: the
 * door decided before. A session belongs to the caller who opened it; what that caller may call and see
 * (scopes, server limits) and the audit lines of calls are {@code McpAccess}'s (2025-era sessions; stateless
 * requests are not checked there yet).
 */
package dev.mcphub.mcp;
