package dev.mcphub.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The hub's logging set-up, in code: log lines go to stderr (stdout is left for the hub's own progress lines),
 * Jetty only from WARN, the root level from {@code MCPHUB_LOG_LEVEL} (default INFO) until {@code --log-level}
 * sets it.
 *
 * <p>Logback finds this through the service loader before it looks for XML. An XML configuration costs its
 * parser and Joran's model classes, about a tenth of a second on the start-up path before the hub can read its
 * config and spawn servers. A {@code -Dlogback.configurationFile} given by the user still wins.
 */
public final class ConsoleLogging extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";
    static final String APPENDER = "STDERR";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName(APPENDER);
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(levelFromEnvironment(), Level.INFO));
        root.addAppender(stderr);
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        // Apache HttpClient (remote servers' POSTs) logs every request's headers at DEBUG, and its wire logger the
        // bytes: an upstream's bearer token would reach the log with --log-level debug (OAuthSecretsIT saw it).
        context.getLogger("org.apache.hc").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static String levelFromEnvironment() {
        String level = System.getProperty("MCPHUB_LOG_LEVEL");
        return level != null ? level : System.getenv("MCPHUB_LOG_LEVEL");
    }
}
