package dev.mcphub.mcp;

/**
 * The client call a server's own request may belong to: the session that made the call and the stream on
 * which its answer will go, where the hub also sends the server's request (sampling, elicitation).
 */
record CallContext(McpSession session, Outbound related) {}
