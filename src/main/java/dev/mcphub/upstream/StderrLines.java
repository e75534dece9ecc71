package dev.mcphub.upstream;

import java.util.List;

/**
 * The stderr lines of a server's current (or last) child process, numbered from its first line, so that a reader
 * can ask only for what is new.
 *
 * @param pid the process the lines are from (0 when unknown), so that a reader starts again at a new process
 * @param lines the kept lines after the asked-for one, oldest first
 * @param next the number of the newest line; ask for lines after it next time
 */
public record StderrLines(long pid, List<Line> lines, long next) {
    public StderrLines {
        lines = List.copyOf(lines);
    }

    public static final StderrLines NONE = new StderrLines(0, List.of(), 0);

    /** One line and its number. */
    public record Line(long seq, String text) {}
}
