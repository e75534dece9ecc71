package dev.mcphub.workspace;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The hub's log file {@code <logs>/mcp-hub.log}: everything the root logger passes, appended to what earlier
 * runs wrote (the reference truncated it at every start), and rolled over by size to {@code mcp-hub.log.1}
 * ... {@code .5}. One line per event:
 *
 * <pre>2025-05-01T12:00:00.123+02:00 INFO  4711 [memory] Upstream - Connected in 312 ms</pre>
 *
 * <p>with the hub's pid (several hubs on a machine share the file) and, when the event concerns a server, its
 * name in brackets. The name comes from the SLF4J {@link MDC} key {@value #SERVER_KEY}: set it for a whole
 * thread that works for one server ({@code MDC.put(LogFile.SERVER_KEY, name)}) or around single calls with
 * {@link #aboutServer(String)}. Stack traces follow their event's line.
 *
 * <p>Another hub that rolls the shared file over leaves this one writing to the rolled file until this one
 * rolls over too; lines are never lost, only filed one generation early.
 */
public final class LogFile implements AutoCloseable {
    public static final String FILE_NAME = "mcp-hub.log";
    public static final String SERVER_KEY = "server";
    static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    static final int DEFAULT_KEEP = 5;
    private static final String APPENDER_NAME = "MCP_HUB_FILE";

    private final Logger root;
    private final RollingFileAppender<ILoggingEvent> appender;
    private final Path path;

    private LogFile(Logger root, RollingFileAppender<ILoggingEvent> appender, Path path) {
        this.root = root;
        this.appender = appender;
        this.path = path;
    }

    /** Starts writing to {@code <logsDir>/mcp-hub.log}, rolled over at 10 MB, five old files kept. */
    public static LogFile attach(Path logsDir) {
        return attach(logsDir, DEFAULT_MAX_BYTES, DEFAULT_KEEP);
    }

    static LogFile attach(Path logsDir, long maxBytes, int keep) {
        Path path = logsDir.resolve(FILE_NAME).toAbsolutePath();
        createDirectory(logsDir);
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw new IllegalStateException("The log file needs Logback as the SLF4J backend");
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        detachPrevious(root);

        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER_NAME);
        appender.setFile(path.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder(context));

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(path + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(keep);
        appender.setRollingPolicy(rolling);

        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(new FileSize(maxBytes));
        // Check the size on every event (one stat call) so that the file never grows past its bound.
        trigger.setCheckIncrement(Duration.buildByMilliseconds(0));
        appender.setTriggeringPolicy(trigger);

        rolling.start();
        trigger.start();
        appender.start();
        if (!appender.isStarted()) {
            throw new HubException(
                    ErrorCode.INTERNAL_ERROR, "Could not open the log file " + path, Map.of("file", path.toString()));
        }
        root.addAppender(appender);
        return new LogFile(root, appender, path);
    }

    /** Puts {@code server} on every line logged by this thread until the result is closed. */
    public static MDC.MDCCloseable aboutServer(String server) {
        return MDC.putCloseable(SERVER_KEY, server);
    }

    public Path path() {
        return path;
    }

    /** Stops writing to the file. Idempotent. */
    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }

    private static PatternLayoutEncoder encoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setCharset(StandardCharsets.UTF_8);
        // "[%X{server}] " prints "[] " without a server; the replace drops exactly that.
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level "
                + ProcessHandle.current().pid() + " %replace([%X{" + SERVER_KEY
                + "}] ){'^\\[\\] $', ''}%logger{0} - %msg%n");
        encoder.start();
        return encoder;
    }

    private static void detachPrevious(Logger root) {
        var previous = root.getAppender(APPENDER_NAME);
        if (previous != null) {
            root.detachAppender(previous);
            previous.stop();
        }
    }

    private static void createDirectory(Path logsDir) {
        try {
            Files.createDirectories(logsDir);
        } catch (IOException e) {
            throw new HubException(
                    ErrorCode.INTERNAL_ERROR,
                    "Could not create the log directory " + logsDir + ": " + e,
                    Map.of("file", logsDir.toString()),
                    e);
        }
    }
}
