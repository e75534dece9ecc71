package dev.mcphub.upstream;

import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpcMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child process speaking newline-delimited JSON-RPC on stdin/stdout. Stderr goes to a ring buffer so
 * that an exit can be explained with the child's last words; lines on stdout that are not JSON-RPC are
 * logged and skipped rather than ending the connection.
 */
final class StdioTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger(StdioTransport.class);
    private static final Duration STDIN_CLOSE_GRACE = Duration.ofMillis(500);
    private static final Duration TERM_GRACE = Duration.ofSeconds(2);
    /** How long an exited child's stdout may take to end before the exit alone ends the connection. */
    private static final Duration EXIT_DRAIN = Duration.ofMillis(200);

    static final int STDERR_LINES_IN_REASON = 10;

    private final String server;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path cwd;
    private final StderrTail stderr = new StderrTail(200);
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Process process;
    private volatile OutputStream stdin;
    private volatile Thread stderrReader;
    private volatile Listener listener;

    StdioTransport(String server, List<String> command, Map<String, String> environment, Path cwd) {
        this.server = server;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.cwd = cwd;
    }

    @Override
    public void start(Listener listener) throws IOException {
        if (cwd != null && !Files.isDirectory(cwd)) {
            throw new IOException("working directory '" + cwd + "' does not exist (cwd)");
        }
        List<String> line = new ArrayList<>(command);
        line.set(0, Executables.resolve(command.getFirst(), environment.get("PATH"), cwd));
        ProcessBuilder builder = new ProcessBuilder(ProcessTree.inOwnSession(line));
        builder.environment().clear();
        builder.environment().putAll(environment);
        if (cwd != null) {
            builder.directory(cwd.toFile());
        }
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot start command '" + command.getFirst() + "': " + rootMessage(e), e);
        }
        stdin = process.getOutputStream();
        this.listener = listener;
        // Platform threads: a virtual thread blocked reading a pipe holds its carrier, and once the
        // scheduler's compensating carriers have retired, a few quiet servers starve every virtual thread.
        stderrReader = pipeReader("stderr", this::readStderr);
        Thread stdoutReader = pipeReader("stdout", () -> readStdout(listener));
        process.onExit().thenRun(() -> Thread.ofVirtual().start(() -> closeOnExit(stdoutReader, listener)));
    }

    /**
     * The child exited. Its stdout normally ends with it, and the reader reports the close after the last
     * message the child wrote; but a grandchild that inherited stdout keeps the pipe open, and calls in flight
     * would wait for their timeout. So the exit itself ends the connection, once the reader has had a moment
     * to deliver what the child wrote last.
     */
    private void closeOnExit(Thread stdoutReader, Listener listener) {
        try {
            stdoutReader.join(EXIT_DRAIN);
        } catch (InterruptedException e) {
            return;
        }
        if (stdoutReader.isAlive()) {
            listener.onClose(exitReason());
        }
    }

    private Thread pipeReader(String role, Runnable task) {
        return Thread.ofPlatform()
                .daemon()
                .name(role + "-" + server)
                .stackSize(256 * 1024)
                .start(ServerThreads.about(server, task));
    }

    /** The kept stderr lines after line {@code after}, for the dashboard's log view. */
    StderrLines stderrAfter(long after) {
        return new StderrLines(pid(), stderr.after(after), stderr.total());
    }

    List<String> stderrTail(int lines) {
        return stderr.last(lines);
    }

    /** The child's exit code once it has exited, else null. */
    Integer exitCode() {
        Process p = process;
        return p == null || p.isAlive() ? null : p.exitValue();
    }

    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    @Override
    public void send(JsonRpcMessage message) throws IOException {
        byte[] line = Json.bytes(message.toJson());
        Listener listener = this.listener;
        if (listener != null) {
            listener.sent(message, line.length);
        }
        writeLock.lock();
        try {
            OutputStream out = stdin;
            if (out == null) {
                throw new IOException("not started");
            }
            out.write(line);
            out.write('\n');
            // Group commit: a sender queued behind us flushes our line with its own, so under load the child reads
            // many requests per pipe read (fewer system calls and event-loop turns on both sides). The lock is only
            // taken uninterruptibly, so a queued sender always gets it, and the last one always flushes.
            if (!writeLock.hasQueuedThreads()) {
                out.flush();
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public String kind() {
        return "stdio";
    }

    /** Ends the child and everything it started; returns once they are gone, also when another thread ends them. */
    @Override
    public void close() {
        Process p = process;
        if (p == null) {
            return;
        }
        if (!closing.compareAndSet(false, true)) {
            // The supervisor and a stop (or the hub's shutdown) may close at once: the loser must not return
            // while the children still run, or the hub could exit and leave them behind.
            awaitEnded();
            return;
        }
        try {
            end(p);
        } finally {
            ended.countDown();
        }
    }

    /** The MCP stdio shutdown sequence: close stdin, give the server a moment, then signals. */
    private void end(Process p) {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // Already gone.
        }
        try {
            if (p.waitFor(STDIN_CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                    && p.descendants().findAny().isEmpty()) {
                ProcessTree.terminate(p, Duration.ZERO);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!ProcessTree.terminate(p, TERM_GRACE)) {
            log.warn("{}: some processes of the server did not exit after SIGKILL", server);
        }
    }

    private void awaitEnded() {
        try {
            ended.await(STDIN_CLOSE_GRACE.plus(TERM_GRACE).toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readStdout(Listener listener) {
        StdioFrames frames = new StdioFrames(process.getInputStream());
        try {
            JsonRpcMessage message;
            while ((message = frames.next(this::ignore)) != null) {
                listener.onMessage(message, null, frames.lastBytes());
            }
        } catch (IOException e) {
            // The pipe broke: the exit below says why.
        } catch (RuntimeException e) {
            log.error("{}: stdout reader failed", server, e);
        } finally {
            closeQuietly(frames);
        }
        listener.onClose(exitReason());
    }

    private void ignore(String line) {
        log.warn("{}: ignoring a line on stdout that is not JSON-RPC: {}", server, abbreviate(line));
    }

    private static void closeQuietly(StdioFrames frames) {
        try {
            frames.close();
        } catch (IOException e) {
            // Closing a finished pipe: nothing to do.
        }
    }

    private void readStderr() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                stderr.add(line);
                log.debug("{} stderr: {}", server, line);
            }
        } catch (IOException e) {
            // The child is gone.
        }
    }

    private String exitReason() {
        Process p = process;
        try {
            p.waitFor(2, TimeUnit.SECONDS);
            Thread reader = stderrReader;
            if (reader != null) {
                reader.join(Duration.ofMillis(300));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closing.get()) {
            return "closed by the hub";
        }
        String exit = p.isAlive() ? "closed its stdout" : "exited with code " + p.exitValue();
        List<String> tail = stderr.last(STDERR_LINES_IN_REASON);
        return tail.isEmpty() ? "process " + exit : "process " + exit + "; last stderr: " + String.join(" | ", tail);
    }

    private static String abbreviate(String line) {
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.toString() : message;
    }

    static List<String> commandLine(String command, List<String> args) {
        List<String> line = new ArrayList<>(args.size() + 1);
        line.add(command);
        line.addAll(args);
        return line;
    }
}
