package dev.mcphub.upstream;

import org.slf4j.MDC;

/**
 * Threads and scopes that work for one server carry its name in the logging context (MDC key {@value
 * #MDC_KEY}, which the hub's log file prints on every line), so that each line about a server names it
 * wherever it was logged.
 */
public final class ServerThreads {
    /** The key the log file reads; the same as {@code dev.mcphub.workspace.LogFile.SERVER_KEY}. */
    public static final String MDC_KEY = "server";

    private ServerThreads() {}

    /** Starts a virtual thread named {@code <role>-<server>} that logs as the server's. */
    public static Thread start(String role, String server, Runnable task) {
        return Thread.ofVirtual().name(role + "-" + server).start(about(server, task));
    }

    /** {@code task}, logging as the server's on whatever thread runs it. */
    public static Runnable about(String server, Runnable task) {
        return () -> {
            try (MDC.MDCCloseable ignored = scope(server)) {
                task.run();
            }
        };
    }

    /** Logs of this thread are the server's until the result is closed. */
    public static MDC.MDCCloseable scope(String server) {
        return MDC.putCloseable(MDC_KEY, server);
    }
}
