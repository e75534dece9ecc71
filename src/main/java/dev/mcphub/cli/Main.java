package dev.mcphub.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** {@code mcp-hub}: parses the flags and runs the hub until a signal or an auto-shutdown ends it. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // Jetty sizes its queue padding from the JVM's oop size, which it asks JMX for unless told: starting the
        // platform MBean server costs half a second of CPU while the servers start. 16 references per 64-byte cache
        // line is right for compressed oops (a heap under 32 GB) and harmless otherwise.
        if (System.getProperty("org.eclipse.jetty.util.referencesPerCacheLine") == null) {
            System.setProperty("org.eclipse.jetty.util.referencesPerCacheLine", "16");
        }
        Preload.start();
        System.exit(run(args));
    }

    /** Runs the hub and returns the exit code: 0 after a clean stop, 1 for a fatal start-up error, 2 for bad flags. */
    static int run(String[] args) {
        Options options = new Options();
        CommandLine commandLine = new CommandLine(options);
        commandLine.setParameterExceptionHandler((e, argv) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("mcp-hub: " + e.getMessage() + " (see mcp-hub --help)");
            err.flush();
            return 2;
        });
        commandLine.setExecutionStrategy(parsed -> {
            if (CommandLine.printHelpIfRequested(parsed)) {
                return 0;
            }
            if (parsed.subcommand() != null) {
                return new CommandLine.RunLast().execute(parsed); // mcp-hub keys ...: no hub is started
            }
            Preload.awaitLogging(); // before Application's class initialiser asks for its logger
            if (options.stdio) {
                return StdioMode.run(options);
            }
            if (options.profile != null) {
                System.err.println("mcp-hub: --profile is for --stdio; a running hub serves /profiles/"
                        + options.profile + "/mcp (see mcp-hub --help)");
                return 2;
            }
            return Application.run(options);
        });
        return commandLine.execute(args);
    }
}
