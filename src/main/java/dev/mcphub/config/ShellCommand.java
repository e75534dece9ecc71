package dev.mcphub.config;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/** Runs the shell command of a {@code ${cmd: ...}} placeholder and returns its trimmed output. */
final class ShellCommand {
    private static final int MAX_ERROR_CHARS = 500;

    private ShellCommand() {}

    /** Why a command gave no value; the message is what the user reads after "cmd execution failed: ". */
    static final class Failed extends Exception {
        Failed(@Nullable String message) {
            super(message);
        }
    }

    /**
     * @param env the whole environment of the shell (the hub's own, as the reference's {@code exec} has)
     * @param dir working directory, or null for the hub's
     */
    static String run(String command, Duration timeout, Map<String, String> env, @Nullable Path dir) throws Failed {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        env.forEach((key, value) -> {
            if (value != null) {
                builder.environment().put(key, value);
            }
        });
        if (dir != null && Files.isDirectory(dir)) {
            builder.directory(dir.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new Failed(e.getMessage());
        }
        FutureTask<String> stdout = drain(process.getInputStream());
        FutureTask<String> stderr = drain(process.getErrorStream());
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException();
            }
            // A background child may keep stdout open after the shell exits, so reading is bounded too.
            String output = stdout.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (process.exitValue() != 0) {
                throw new Failed("Command failed with exit code " + process.exitValue() + errorText(stderr));
            }
            return output.strip();
        } catch (TimeoutException e) {
            throw new Failed("Command timed out after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("Interrupted while running the command");
        } catch (ExecutionException e) {
            // FutureTask always sets a cause; fall back to the wrapper rather than assume it.
            Throwable cause = e.getCause();
            throw new Failed((cause != null ? cause : e).getMessage());
        } finally {
            kill(process);
        }
    }

    private static String errorText(FutureTask<String> stderr) {
        try {
            String text = stderr.get(1, TimeUnit.SECONDS).strip();
            if (text.length() > MAX_ERROR_CHARS) {
                text = text.substring(0, MAX_ERROR_CHARS) + "...";
            }
            return text.isEmpty() ? "" : ": " + text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (ExecutionException | TimeoutException e) {
            return "";
        }
    }

    private static FutureTask<String> drain(InputStream in) {
        FutureTask<String> task = new FutureTask<>(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        });
        Thread.ofVirtual().name("cmd-placeholder-output").start(task);
        return task;
    }

    /** Also ends children the shell left behind, and unblocks the readers. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        closeQuietly(process.getInputStream());
        closeQuietly(process.getErrorStream());
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Nothing left to read; the process is gone.
        }
    }
}
