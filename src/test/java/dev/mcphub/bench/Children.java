package dev.mcphub.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every process the orchestrator starts, so that all of them (and their own children: a hub's upstreams, the
 * generator's stdio server) are gone when the run ends, however it ends: normally, by an error, or by Ctrl-C
 * through the shutdown hook.
 */
final class Children {
    private final List<Process> started = new ArrayList<>();

    Process start(ProcessBuilder builder) throws IOException {
        synchronized (started) {
            Process p = builder.start();
            started.add(p);
            return p;
        }
    }

    /** Stops one process: SIGTERM, a grace period, then SIGKILL for it and whatever it left behind. */
    void stop(Process process, long graceMillis) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            process.waitFor(graceMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.addAll(process.descendants().toList());
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        synchronized (started) {
            started.remove(process);
        }
    }

    /** Stops everything still running; used by the shutdown hook, so it must be quick. */
    void stopAll() {
        List<Process> all;
        synchronized (started) {
            all = new ArrayList<>(started);
        }
        for (Process p : all) {
            stop(p, 1000);
        }
    }
}
