package dev.mcphub.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.mcphub.json.Json;
import dev.mcphub.upstream.ServerThreads;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.event.KeyValuePair;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code --log-format json}: one JSON object per line with {@code timestamp}, {@code level}, {@code logger},
 * {@code thread}, {@code server} (when the line is about one), {@code message}, {@code trace_id} and
 * {@code span_id} (when tracing is on and a span is current), the call's key-value pairs, and {@code error}.
 */
final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {
    private static final byte[] NONE = new byte[0];
    private final Supplier<String[]> traceIds;

    /** @param traceIds {trace id, span id} of the current span, or null */
    JsonLogEncoder(Supplier<String[]> traceIds) {
        this.traceIds = traceIds;
    }

    @Override
    public byte[] headerBytes() {
        return NONE;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ObjectNode line = Json.object();
        line.put("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
        line.put("level", event.getLevel().toString());
        line.put("logger", event.getLoggerName());
        line.put("thread", event.getThreadName());
        Map<String, String> mdc = event.getMDCPropertyMap();
        String server = mdc == null ? null : mdc.get(ServerThreads.MDC_KEY);
        if (server != null) {
            line.put("server", server);
        }
        line.put("message", event.getFormattedMessage());
        String[] ids = traceIds.get();
        if (ids != null) {
            line.put("trace_id", ids[0]);
            line.put("span_id", ids[1]);
        }
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair pair : event.getKeyValuePairs()) {
                if (!line.has(pair.key)) {
                    line.set(pair.key, Json.tree(pair.value));
                }
            }
        }
        IThrowableProxy error = event.getThrowableProxy();
        if (error != null) {
            line.put("error", ThrowableProxyUtil.asString(error));
        }
        byte[] json = Json.bytes(line);
        byte[] withNewline = java.util.Arrays.copyOf(json, json.length + 1);
        withNewline[json.length] = '\n';
        return withNewline;
    }

    @Override
    public byte[] footerBytes() {
        return NONE;
    }

    /** Switches the hub's stderr appender to JSON lines. */
    static void install(Supplier<String[]> traceIds) {
        ch.qos.logback.classic.LoggerContext context =
                (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(ConsoleLogging.APPENDER)
                instanceof ch.qos.logback.core.ConsoleAppender<ILoggingEvent> stderr) {
            JsonLogEncoder encoder = new JsonLogEncoder(traceIds);
            encoder.setContext(context);
            encoder.start();
            stderr.stop();
            stderr.setEncoder(encoder);
            stderr.start();
        }
    }
}
