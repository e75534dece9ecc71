package dev.mcphub.mcp;

import dev.mcphub.jsonrpc.JsonRpcMessage;

/** Somewhere messages for a client can go: a stream tied to one of its requests, or its standing stream. */
interface Outbound {
    /** Sends a message; false when it could not be sent (no stream, closed, or the client fell behind). */
    boolean send(JsonRpcMessage message);

    /** Writes a comment, so that a client that went away is noticed (a write to it fails). */
    void probe();
}
