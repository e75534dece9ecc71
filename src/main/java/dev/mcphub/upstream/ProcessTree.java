package dev.mcphub.upstream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Ends a child and everything it started. Children are started in a session of their own (via {@code
 * setsid}) so that grandchildren are found by process group even after they have been orphaned; without
 * {@code setsid} the descendants known at the time are used.
 */
final class ProcessTree {
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final boolean HAS_PROC = Files.isDirectory(Path.of("/proc/self"));

    private ProcessTree() {}

    /** A command line that starts {@code command} as the leader of a new session, when that is possible. */
    static java.util.List<String> inOwnSession(java.util.List<String> command) {
        if (!HAS_PROC || !Files.isExecutable(SETSID)) {
            return command;
        }
        var wrapped = new java.util.ArrayList<String>(command.size() + 1);
        wrapped.add(SETSID.toString());
        // -w: should setsid ever have to fork, it waits for the server so that our child lives as long.
        wrapped.add("-w");
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Asks the whole tree to stop (SIGTERM), waits up to {@code grace}, then kills what is left (SIGKILL)
     * and waits up to one more second. Returns true when nothing of the tree is left.
     */
    static boolean terminate(Process process, Duration grace) {
        Set<ProcessHandle> tree = members(process);
        tree.forEach(ProcessHandle::destroy);
        if (awaitExit(tree, grace)) {
            return true;
        }
        members(process).forEach(tree::add);
        tree.forEach(ProcessHandle::destroyForcibly);
        return awaitExit(tree, Duration.ofSeconds(1));
    }

    private static Set<ProcessHandle> members(Process process) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        if (process.isAlive()) {
            tree.add(process.toHandle());
        }
        process.descendants().forEach(tree::add);
        sessionMembers(process.pid()).forEach(tree::add);
        return tree;
    }

    /** Processes whose process group is the child's pid: the child's session, orphans included. */
    private static Stream<ProcessHandle> sessionMembers(long leader) {
        if (!HAS_PROC) {
            return Stream.empty();
        }
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries
                    .map(path -> path.getFileName().toString())
                    .filter(name -> !name.isEmpty() && Character.isDigit(name.charAt(0)))
                    .filter(name -> processGroup(name) == leader)
                    .map(name -> ProcessHandle.of(Long.parseLong(name)))
                    .flatMap(java.util.Optional::stream)
                    .toList()
                    .stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static long processGroup(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            // Fields after the command name, which is in parentheses and may itself contain spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean awaitExit(Set<ProcessHandle> tree, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle handle : tree) {
            long left = deadline - System.nanoTime();
            try {
                handle.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                // Timed out, or the handle could not be watched: it is checked below.
            }
        }
        return tree.stream().noneMatch(ProcessHandle::isAlive);
    }
}
