package dev.mcphub.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.mcphub.hub.EventBus;
import dev.mcphub.hub.HubEvent;
import dev.mcphub.json.Json;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends the hub's log lines to SSE clients as {@code log} events, at the level chosen on the command line
 * (info and above by default, so that clients do not get every debug line as the reference's do).
 * Key-value pairs of a log call become the event's {@code data}; a {@code code} pair its code.
 */
final class LogBridge extends AppenderBase<ILoggingEvent> {
    /** Marks a log line whose news reaches clients as a typed hub event instead, so it is not sent twice. */
    static final Marker NOT_FOR_CLIENTS = MarkerFactory.getMarker("NOT_FOR_CLIENTS");

    private final EventBus bus;

    private LogBridge(EventBus bus) {
        this.bus = bus;
    }

    /** Sets the level of the hub's own loggers and attaches the bridge to the root logger. */
    static void attach(EventBus bus, String level) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.INFO));
        LogBridge bridge = new LogBridge(bus);
        bridge.setContext(context);
        bridge.setName("sse");
        bridge.start();
        root.addAppender(bridge);
    }

    static void level(String level) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(level, Level.INFO));
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getMarkerList() != null && event.getMarkerList().contains(NOT_FOR_CLIENTS)) {
            return;
        }
        ObjectNode data = Json.object();
        String code = null;
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair pair : event.getKeyValuePairs()) {
                if ("code".equals(pair.key)) {
                    code = String.valueOf(pair.value);
                } else {
                    data.set(pair.key, Json.tree(pair.value));
                }
            }
        }
        if (event.getThrowableProxy() != null) {
            data.put(
                    "error",
                    event.getThrowableProxy().getClassName() + ": "
                            + event.getThrowableProxy().getMessage());
        }
        bus.publish(new HubEvent.Log(
                type(event.getLevel()),
                event.getFormattedMessage(),
                data,
                code,
                Instant.ofEpochMilli(event.getTimeStamp())));
    }

    private static String type(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> "error";
            case Level.WARN_INT -> "warn";
            case Level.INFO_INT -> "info";
            default -> level.toString().toLowerCase(Locale.ROOT);
        };
    }
}
