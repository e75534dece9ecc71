package dev.mcphub.bench;

import java.io.IOException;

/** One of the closed-loop sessions sharing a {@link StdioPeer}; its request ids all map to its own slot. */
final class StdioSession implements Session {
    private final StdioPeer peer;
    private final int slot;
    private final String tool;
    private long sequence;

    StdioSession(StdioPeer peer, int slot, String tool) {
        this.peer = peer;
        this.slot = slot;
        this.tool = tool;
    }

    @Override
    public void open() {
        // the peer was initialized once for all sessions
    }

    @Override
    public boolean call(String message) throws IOException {
        long id = slot + (long) peer.slotCount() * ++sequence;
        String response = peer.call(slot, JsonRpcText.toolCall(id, tool, "message", message));
        return JsonScan.field(response, "error") == null
                && JsonRpcText.succeeded(JsonScan.field(response, "result"), "Echo: " + message);
    }

    @Override
    public void close() {
        // the peer owns the process
    }
}
