package dev.mcphub.upstream;

import dev.mcphub.error.HubException;
import java.io.IOException;
import java.util.List;

/**
 * A stdio server's process exited before its connection was initialized. It carries the exit code and the
 * last stderr lines so that the status shows them as it does for a crash later on.
 */
final class ChildExited extends IOException {
    private final int exitCode;
    private final List<String> stderrTail;

    ChildExited(HubException cause, int exitCode, List<String> stderrTail) {
        super(cause.getMessage(), cause);
        this.exitCode = exitCode;
        this.stderrTail = List.copyOf(stderrTail);
    }

    /** What initialize failed with: the connection's "disconnected: process exited ..." error. */
    @Override
    public synchronized HubException getCause() {
        return (HubException) super.getCause();
    }

    int exitCode() {
        return exitCode;
    }

    List<String> stderrTail() {
        return stderrTail;
    }
}
