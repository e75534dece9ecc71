package dev.mcphub.hub;

import dev.mcphub.error.HubException;

/**
 * Sees every call that passes the hub's door ({@link ServerCalls#call}), whoever made it (REST, {@code
 * /mcp}, the hub itself): the place for authorization, metrics, tracing and audit. Added with {@link
 * Hub#observe} before the hub starts; observers run in the order added, on the caller's (virtual) thread.
 */
public interface CallObserver {

    /**
     * Before anything is sent, after the door's own checks (the server exists and is connected, the tool or
     * prompt is listed). Throwing a {@link HubException} refuses the call with that error; {@link
     * #finished} still runs for it. Whatever this returns is handed back to {@link #finished} (a span, a
     * start mark), or null.
     */
    default Object starting(ServerCall call) {
        return null;
    }

    /** After the call, with its outcome. Must not block or throw. */
    default void finished(ServerCall call, CallOutcome outcome, Object started) {}
}
