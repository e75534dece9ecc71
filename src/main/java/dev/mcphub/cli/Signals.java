package dev.mcphub.cli;

import sun.misc.Signal;

/**
 * SIGINT and SIGTERM end the hub gracefully with exit code 0 (a JVM shutdown hook alone would exit 130 or
 * 143). A shutdown hook covers every other way out.
 */
final class Signals {
    private Signals() {}

    static void onStop(Runnable shutdown) {
        Runnable stopAndExit = () -> {
            shutdown.run();
            System.exit(0);
        };
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(
                        new Signal(name),
                        signal -> Thread.ofPlatform().name("shutdown").start(stopAndExit));
            } catch (IllegalArgumentException e) {
                // The signal is not available here (e.g. not on this OS); the shutdown hook still runs.
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "shutdown-hook"));
    }
}
