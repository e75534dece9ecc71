package dev.mcphub.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program from the system's packages ({@code redis-server}, {@code nginx}) run by a test on a free loopback port,
 * its output in a file of its working directory, stopped (and waited for) by {@link #close()}.
 */
class SystemServer implements AutoCloseable {
    private final String name;
    private final List<String> command;
    private final Path dir;
    private final int port;
    private Process process;

    SystemServer(String name, List<String> command, Path dir, int port) {
        this.name = name;
        this.command = command;
        this.dir = dir;
        this.port = port;
    }

    /** The full path of a program, or an error that says which Debian package bin/test installs for it. */
    static String program(String name, String... places) {
        for (String place : places) {
            if (Files.isExecutable(Path.of(place, name))) {
                return Path.of(place, name).toString();
            }
        }
        throw new IllegalStateException(name + " is not installed; bin/test installs it with apt-get (Debian package "
                + ("redis-server".equals(name) ? "redis-server" : name) + ")");
    }

    /** Starts the program and waits until its port accepts connections. */
    void start() {
        try {
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve(name + ".out").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .failFast(name + " exited: " + output(), () -> !process.isAlive())
                .until(this::accepting);
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    String output() {
        try {
            Path out = dir.resolve(name + ".out");
            return Files.exists(out) ? Files.readString(out) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private boolean accepting() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops it with SIGTERM, waiting for the exit (SIGKILL after five seconds). Idempotent. */
    @Override
    public void close() {
        Process running = process;
        if (running == null) {
            return;
        }
        running.destroy();
        try {
            if (!running.waitFor(5, TimeUnit.SECONDS)) {
                running.destroyForcibly();
                running.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.destroyForcibly();
        }
        process = null;
    }
}
