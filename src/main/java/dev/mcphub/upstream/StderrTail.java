package dev.mcphub.upstream;

import java.util.ArrayDeque;
import java.util.List;

/** The last lines a child wrote to stderr, kept so that a crash can be explained. Thread-safe. */
final class StderrTail {
    private static final int MAX_LINE_CHARS = 2_000;
    private final int capacity;
    private final ArrayDeque<String> lines;
    private long total;

    StderrTail(int capacity) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line);
        total++;
    }

    /** The kept lines numbered from 1 (the first line the child ever wrote), those after line {@code after}. */
    synchronized List<StderrLines.Line> after(long after) {
        long first = total - lines.size() + 1;
        List<StderrLines.Line> out = new java.util.ArrayList<>();
        long seq = first;
        for (String line : lines) {
            if (seq > after) {
                out.add(new StderrLines.Line(seq, line));
            }
            seq++;
        }
        return out;
    }

    synchronized long total() {
        return total;
    }

    /** The newest {@code count} lines, oldest first. */
    synchronized List<String> last(int count) {
        return lines.stream().skip(Math.max(0, lines.size() - count)).toList();
    }
}
