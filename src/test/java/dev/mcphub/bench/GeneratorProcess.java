package dev.mcphub.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the {@link LoadGenerator} in a JVM of its own and follows its stdout: each {@code phase X} line is
 * handed to the caller at once (so that it can sample the hub's CPU at the same moment), and the
 * {@code result} lines are returned. A watchdog kills a generator that overruns its time.
 */
final class GeneratorProcess {
    /**
     * Serial GC and a small heap: the generator should cost as little CPU as possible besides its own work.
     * C1 only: a run is a few seconds long, and C2's background compiling would otherwise be a large part of
     * the generator's CPU in the window, while the code it would optimize is mostly waiting in system calls.
     */
    private static final List<String> JVM_FLAGS =
            List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xss512k");

    private final Path java;
    private final String classpath;
    private final Children children;
    private final Path log;

    GeneratorProcess(Path java, String classpath, Children children, Path log) {
        this.java = java;
        this.classpath = classpath;
        this.children = children;
        this.log = log;
    }

    /** Runs one generator invocation; returns its result JSONs, or throws when it produced none. */
    List<String> run(List<String> args, Consumer<String> onPhase, long timeoutMillis)
            throws IOException, InterruptedException {
        return run(List.of(), args, onPhase, timeoutMillis);
    }

    /** The same with extra JVM flags after the usual ones (a larger heap for ten thousand subscribers). */
    List<String> run(List<String> jvmFlags, List<String> args, Consumer<String> onPhase, long timeoutMillis)
            throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        line.add(java.toString());
        line.addAll(JVM_FLAGS);
        line.addAll(jvmFlags);
        line.addAll(List.of("-cp", classpath, LoadGenerator.class.getName()));
        line.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(line).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = children.start(builder);
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                    children.stop(process, 500);
                }
            } catch (InterruptedException ignored) {
                // the run ended in time
            }
        });
        List<String> results = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l = out.readLine(); l != null; l = out.readLine()) {
                if (l.startsWith("phase ")) {
                    onPhase.accept(l.substring(6));
                } else if (l.startsWith("result ")) {
                    results.add(l.substring(7));
                }
            }
        } finally {
            process.waitFor(5, TimeUnit.SECONDS);
            watchdog.interrupt();
            children.stop(process, 500);
        }
        if (results.isEmpty()) {
            throw new IOException("the load generator gave no result (exit " + exitOf(process) + "), see " + log);
        }
        return results;
    }

    /**
     * A generator that stays up with its sessions open and measures one window each time {@link Windows#next} is
     * called ({@code --windows N}), so that windows on several hubs can be interleaved at the cost of the window
     * alone. Closing it ends the generator.
     */
    Windows windows(List<String> args) throws IOException {
        List<String> line = new ArrayList<>();
        line.add(java.toString());
        line.addAll(JVM_FLAGS);
        line.addAll(List.of("-cp", classpath, LoadGenerator.class.getName()));
        line.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(line).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new Windows(children.start(builder));
    }

    /** One long-lived generator; see {@link #windows}. */
    final class Windows implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;

        private Windows(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** Runs the next window; returns its result JSON. A watchdog kills a generator that overruns. */
        String next(Consumer<String> onPhase, long timeoutMillis) throws IOException {
            process.getOutputStream().write('\n');
            process.getOutputStream().flush();
            Thread watchdog = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(timeoutMillis);
                    children.stop(process, 500);
                } catch (InterruptedException inTime) {
                    // the window ended in time
                }
            });
            try {
                for (String l = out.readLine(); l != null; l = out.readLine()) {
                    if (l.startsWith("phase ")) {
                        onPhase.accept(l.substring(6));
                    } else if (l.startsWith("result ")) {
                        return l.substring(7);
                    }
                }
            } finally {
                watchdog.interrupt();
            }
            throw new IOException("the load generator ended without a result (" + exitOf(process) + "), see " + log);
        }

        @Override
        public void close() {
            try {
                process.getOutputStream().close(); // no more windows: it closes its sessions and exits
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                // stopped below either way
            }
            children.stop(process, 500);
        }
    }

    private static String exitOf(Process p) {
        return p.isAlive() ? "still running" : Integer.toString(p.exitValue());
    }
}
