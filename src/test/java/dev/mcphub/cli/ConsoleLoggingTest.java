package dev.mcphub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** What the hub's console logging writes, read from stderr as a user (and HubProcess) reads it. */
class ConsoleLoggingTest {
    @Test
    void logbackFindsItThroughTheServiceLoader() {
        assertThat(ServiceLoader.load(Configurator.class))
                .anySatisfy(configurator -> assertThat(configurator).isInstanceOf(ConsoleLogging.class));
    }

    @Test
    void eachLineGoesToStderrStartingWithTheTimeThenLevelSourceAndMessage() {
        List<String> lines = stderrOf(context -> {
            context.getLogger("dev.mcphub.hub.Hub").info("alpha: connected");
            context.getLogger("dev.mcphub.upstream.ConnectAttempt").warn("beta: failed to connect");
        });

        assertThat(lines).hasSize(2);
        // HubProcess.loggedAt reads the time from the first 12 characters of a line.
        assertThat(LocalTime.parse(lines.get(0).substring(0, 12))).isNotNull();
        assertThat(lines.get(0).substring(13)).startsWith("INFO").endsWith("Hub - alpha: connected");
        assertThat(lines.get(1).substring(13)).startsWith("WARN").endsWith("ConnectAttempt - beta: failed to connect");
    }

    @Test
    void jettySpeaksOnlyFromWarnAndTheHubFromInfo() {
        List<String> lines = stderrOf(context -> {
            context.getLogger("org.eclipse.jetty.server.Server").info("jetty chatter");
            context.getLogger("org.eclipse.jetty.server.Server").warn("jetty trouble");
            context.getLogger("dev.mcphub.hub.Hub").debug("hub detail");
            context.getLogger("dev.mcphub.hub.Hub").info("hub news");
        });

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).endsWith("jetty trouble");
        assertThat(lines.get(1)).endsWith("hub news");
    }

    /** Configures a fresh logging context as the hub does, runs {@code logging} and returns the stderr lines. */
    private static List<String> stderrOf(java.util.function.Consumer<LoggerContext> logging) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // as logback's own start-up gives every context
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ConsoleLogging console = new ConsoleLogging();
            console.setContext(context);
            assertThat(console.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR"))
                    .isNotNull();
            logging.accept(context);
        } finally {
            context.stop();
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
