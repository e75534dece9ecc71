package dev.mcphub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and peak memory of a process, read from Linux's {@code /proc}. CPU comes in clock ticks of 10 ms
 * (USER_HZ is 100 on every Linux the project runs on), so a figure is only meaningful over windows of a second
 * or more; that is why the benchmark measures CPU over whole load points and never per call.
 */
final class ProcStats {
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcStats() {}

    /** User plus system CPU of the process (all its threads, not its children), in ns; -1 when it is gone. */
    static long cpuNanos(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return -1;
        }
        // The command name may contain spaces and parentheses: fields are counted after the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
    }

    /** CPU of all live descendants of the process, in ns (a descendant that exited is no longer counted). */
    static long descendantsCpuNanos(long pid) {
        return ProcessHandle.of(pid)
                .map(h -> h.descendants()
                        .mapToLong(d -> Math.max(0, cpuNanos(d.pid())))
                        .sum())
                .orElse(0L);
    }

    /** This process's own CPU, in ns. */
    static long selfCpuNanos() {
        return cpuNanos(ProcessHandle.current().pid());
    }

    /** Peak resident set size (VmHWM) in kB, or -1 when the process is gone. */
    static long peakRssKb(long pid) {
        return statusField(pid, "VmHWM:");
    }

    /** Resident set size now (VmRSS) in kB, or -1 when the process is gone. */
    static long rssKb(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** Peak RSS summed over the live descendants, in kB. */
    static long descendantsPeakRssKb(long pid) {
        return ProcessHandle.of(pid)
                .map(h -> h.descendants()
                        .mapToLong(d -> Math.max(0, peakRssKb(d.pid())))
                        .sum())
                .orElse(0L);
    }

    private static long statusField(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
