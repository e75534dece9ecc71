package dev.mcphub.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One launch of a hub (ours or the reference) as a child process on a loopback port, with its own XDG
 * directories so that it shares no state with the user's hubs. Start-up is timed from just before the process
 * is spawned until {@code /api/events} reports {@code hub_state} {@code ready}.
 */
final class HubProcess implements AutoCloseable {
    private final String name;
    private final List<String> command;
    private final Path config;
    private final Path dir;
    private final Children children;
    private final int port;
    private final Map<String, String> env;
    private Process process;
    private HttpConnection management;

    HubProcess(
            String name,
            List<String> command,
            Path config,
            Path dir,
            Children children,
            int port,
            Map<String, String> env) {
        this.env = Map.copyOf(env);
        this.name = name;
        this.command = List.copyOf(command);
        this.config = config;
        this.dir = dir;
        this.children = children;
        this.port = port;
    }

    /** Starts the hub and waits for {@code ready}; returns the milliseconds that took. */
    double start(long timeoutMillis) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(command);
        line.addAll(List.of("--port", Integer.toString(port), "--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(line)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("hub.log").toFile());
        Map<String, String> env = builder.environment();
        env.putAll(this.env);
        for (String xdg : List.of("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME")) {
            Path p = dir.resolve("xdg").resolve(xdg.toLowerCase());
            Files.createDirectories(p);
            env.put(xdg, p.toString());
        }
        long t0 = System.nanoTime();
        process = children.start(builder);
        long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(
                        name + " exited with code " + process.exitValue() + " before it was ready" + logTail());
            }
            HttpConnection events = null;
            try {
                events = HttpConnection.open("127.0.0.1", port, 2000);
                SseReader ready = awaitReady(events, deadline);
                if (ready != null) {
                    double millis = (System.nanoTime() - t0) / 1e6;
                    stayConnected(events, ready);
                    return millis;
                }
                events.close();
            } catch (ConnectException notListeningYet) {
                Thread.sleep(5);
            } catch (IOException notReadyYet) {
                if (events != null) {
                    events.close();
                }
                Thread.sleep(20);
            }
        }
        throw new IOException(name + " did not report hub_state ready within " + timeoutMillis + " ms" + logTail());
    }

    /**
     * Reads {@code /api/events} until {@code hub_state} says ready (then returns the stream's reader) or the
     * stream ends (null).
     */
    private SseReader awaitReady(HttpConnection events, long deadline) throws IOException {
        events.send("GET", "/api/events", "Accept: text/event-stream\r\n", null);
        if (events.readHead().status() != 200) {
            return null;
        }
        SseReader reader = new SseReader(events.body());
        for (SseReader.Event e = reader.next(); e != null && System.nanoTime() < deadline; e = reader.next()) {
            if (e.event().equals("hub_state")) {
                String state = JsonScan.string(e.data(), "state");
                if ("ready".equals(state)) {
                    return reader;
                }
                if ("error".equals(state)) {
                    throw new IllegalStateException(name + " reported hub_state error: " + e.data());
                }
            }
        }
        return null;
    }

    /**
     * Keeps the management stream open for the whole launch, read and dropped on a thread of its own, as an
     * editor plugin keeps it: whatever a hub broadcasts to its subscribers during the load is part of its cost.
     */
    private void stayConnected(HttpConnection events, SseReader reader) throws IOException {
        events.readTimeout(0);
        management = events;
        Thread.ofVirtual().name(name + "-events").start(() -> {
            try {
                while (reader.next() != null) {
                    // not measured
                }
            } catch (IOException | RuntimeException closed) {
                // the launch ended
            }
        });
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("hub.log"));
            String tail = String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
            return "; last output: " + (tail.length() > 300 ? "..." + tail.substring(tail.length() - 300) : tail);
        } catch (IOException e) {
            return "";
        }
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** The hub process's own CPU so far, in ns. */
    long cpuNanos() {
        return ProcStats.cpuNanos(process.pid());
    }

    /** CPU of its live children (the upstream servers), in ns. */
    long childrenCpuNanos() {
        return ProcStats.descendantsCpuNanos(process.pid());
    }

    long peakRssKb() {
        return ProcStats.peakRssKb(process.pid());
    }

    long rssKb() {
        return ProcStats.rssKb(process.pid());
    }

    long childrenPeakRssKb() {
        return ProcStats.descendantsPeakRssKb(process.pid());
    }

    @Override
    public void close() {
        stop(3000);
    }

    /** Stops the hub, giving it {@code graceMillis} to exit by itself before it and its children are killed. */
    void stop(long graceMillis) {
        if (management != null) {
            management.close();
        }
        if (process != null) {
            children.stop(process, graceMillis);
        }
    }
}
