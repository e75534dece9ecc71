package dev.mcphub.workspace;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Whether a process id still names the process that wrote it into a shared file. */
final class ProcessLiveness {
    // /proc start times have clock-tick resolution; a holder that wrote its file right after starting must
    // never look younger than the file.
    private static final Duration START_SLACK = Duration.ofSeconds(1);

    private ProcessLiveness() {}

    static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * True when the process {@code pid} is alive and was running at {@code writtenAt}: a live process that
     * started later only reuses the number of the one that wrote it.
     */
    static boolean wroteAt(long pid, Instant writtenAt) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            return false;
        }
        return handle.get()
                .info()
                .startInstant()
                .map(started -> !started.isAfter(writtenAt.plus(START_SLACK)))
                .orElse(true);
    }
}
