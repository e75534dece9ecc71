package dev.mcphub.bench;

import java.io.Closeable;
import java.io.IOException;

/**
 * One client of a system under test, used in a closed loop: at most one call in flight. Each transport the
 * benchmark speaks is one implementation.
 */
sealed interface Session extends Closeable
        permits StreamableSession, StatelessSession, LegacySseSession, RestSession, StdioSession {

    /** Connects and, for MCP transports, runs {@code initialize} and {@code notifications/initialized}. */
    void open() throws IOException;

    /**
     * Calls the echo tool with {@code message}; true when the echo came back, false for an error reply. An
     * {@link IOException} means the session is broken and must be opened again.
     */
    boolean call(String message) throws IOException;

    /** Drops the connection at once (abruptly, as a client that dies would); idempotent, never blocks. */
    @Override
    void close();
}
