/**
 * One supervised connection per MCP server: the transports (a child process over stdio, Streamable HTTP
 * with a fallback to the legacy HTTP+SSE transport), the JSON-RPC client that speaks MCP over them, the
 * complete capability lists, and the supervisor that owns the server's state, reconnects with backoff and
 * kills child process trees. A server that refuses {@code initialize} but speaks the stateless 2026-07-28
 * era is connected in that era ({@code ModernHandshake}). Remote transports take their {@code Authorization} header from the OAuth client
 * in {@code upstream.oauth}, renew it after a 401 and report an unauthorized server with the link to
 * authorize it. The supervisor keeps the live connection to itself; its state ({@code UpstreamState}) is data
 * that snapshots may carry. It knows nothing of other servers, of the hub's clients or of HTTP routes.
 */
package dev.mcphub.upstream;
