/**
 * The hub as an MCP server: one endpoint ({@code /mcp}) that aggregates every connected server under
 * namespaced names, and one per server ({@code /servers/<name>/mcp}) that passes a single server through
 * unprefixed; both over Streamable HTTP and the legacy HTTP+SSE transport. It owns sessions, protocol
 * version negotiation, pagination of the merged lists, routing of calls to the owning server, progress,
 * cancellation, subscriptions, log levels, and forwarding of servers' own requests (sampling, elicitation,
 * roots) to the client whose call caused them. It reaches servers only through the hub's door, never an
 * upstream or a connection; its transport refusals are one table ({@code TransportError}). It knows nothing
 * of the REST API's shapes.
 */
package dev.mcphub.mcp;
