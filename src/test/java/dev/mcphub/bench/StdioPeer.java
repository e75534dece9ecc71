package dev.mcphub.bench;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An upstream MCP server driven directly over stdio, as the ceiling: one child process, one pipe, and
 * {@code slots} requests in flight at once (one per closed-loop session). A request id encodes its slot, so one
 * reader thread hands each response line to the waiting session without a map.
 */
final class StdioPeer implements Closeable {
    private final List<String> command;
    private final Slot[] slots;
    private final int timeoutMs;
    private Process process;
    private OutputStream out;
    private volatile boolean closed;

    StdioPeer(List<String> command, int slots, int timeoutMs) {
        this.command = List.copyOf(command);
        this.slots = new Slot[slots];
        for (int i = 0; i < slots; i++) {
            this.slots[i] = new Slot();
        }
        this.timeoutMs = timeoutMs;
    }

    /** Starts the server, initializes it (request id 0) and starts the reader. */
    void start() throws IOException {
        process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        out = process.getOutputStream();
        BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.ISO_8859_1));
        write(JsonRpcText.initialize(0));
        for (String line = in.readLine(); !JsonRpcText.answers(line, 0); line = in.readLine()) {
            if (line == null) {
                throw new IOException("the upstream exited during initialize: " + command);
            }
        }
        write(JsonRpcText.initialized());
        Thread reader = new Thread(() -> readLoop(in), "stdio-reader");
        reader.setDaemon(true);
        reader.start();
    }

    int slotCount() {
        return slots.length;
    }

    long pid() {
        return process.pid();
    }

    /** Sends one request from the session owning {@code slot} and waits for its response line. */
    String call(int slot, byte[] request) throws IOException {
        Slot s = slots[slot];
        s.response = null;
        s.waiter = Thread.currentThread();
        write(request);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        String response;
        while ((response = s.response) == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || closed) {
                throw new IOException(closed ? "upstream closed" : "no response within " + timeoutMs + " ms");
            }
            LockSupport.parkNanos(this, left);
        }
        return response;
    }

    private void write(byte[] message) throws IOException {
        synchronized (this) {
            out.write(message);
            out.write('\n');
            out.flush();
        }
    }

    private void readLoop(BufferedReader in) {
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String id = JsonScan.field(line, "id");
                if (id == null || JsonScan.field(line, "method") != null) {
                    continue; // notifications and server-to-client requests are not answers
                }
                Slot s = slots[(int) (Long.parseLong(id) % slots.length)];
                s.response = line;
                LockSupport.unpark(s.waiter);
            }
        } catch (IOException | NumberFormatException ignored) {
            // the process ended
        } finally {
            closed = true;
            for (Slot s : slots) {
                LockSupport.unpark(s.waiter);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The hand-over point between the reader thread and one session. */
    private static final class Slot {
        volatile String response;
        volatile Thread waiter;
    }
}
