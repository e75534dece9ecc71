package dev.mcphub.hub;

/**
 * Hears of every request the hub sends to a server on a client's behalf (REST and MCP alike), when it starts
 * and how it ended. The one hook in the call path for counting; it must be quick and must not throw.
 */
public interface CallObserver {

    /** How a request ended. */
    enum Outcome {
        /** A result. */
        OK,
        /** A tool result with {@code isError: true}: the call worked, the tool failed. */
        TOOL_ERROR,
        /** A JSON-RPC error, a broken connection, or a server that was not there. */
        ERROR,
        /** No answer in time. */
        TIMEOUT,
        /** The client cancelled it. */
        CANCELLED
    }

    void started(String server, String method);

    void finished(String server, String method, long nanos, Outcome outcome);
}
