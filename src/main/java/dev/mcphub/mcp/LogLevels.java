package dev.mcphub.mcp;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The MCP (syslog) log levels, from the most to the least verbose. */
final class LogLevels {
    static final List<String> ORDER =
            List.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

    private LogLevels() {}

    static boolean valid(String level) {
        return level != null && ORDER.contains(level);
    }

    /** Whether a message at {@code level} reaches a session that asked for {@code threshold} (null: all). */
    static boolean passes(@Nullable String level, @Nullable String threshold) {
        if (threshold == null) {
            return true;
        }
        int rank = ORDER.indexOf(level);
        return rank < 0 || rank >= ORDER.indexOf(threshold);
    }

    /** The more verbose of two levels (null means not set). */
    static String moreVerbose(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return ORDER.indexOf(a) <= ORDER.indexOf(b) ? a : b;
    }
}
