package dev.mcphub.testing;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension for tests that change a running hub and watch what it announces (live config, dev mode): before
 * each test it has the test write its config, starts a hub on it, waits for ready and opens {@code /api/events};
 * after each test it closes both. Register it as an instance field, after the fields its set-up reads:
 *
 * <pre>{@code
 * @RegisterExtension
 * final LiveHub live = LiveHub.on(() -> writeConfig(), "--watch");
 * }</pre>
 */
public final class LiveHub implements BeforeEachCallback, AfterEachCallback {
    /** How long a change may take to show, on a loaded machine. A hang guard, not a speed check. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Writes the hub's config (in the test's own directory) and says where it is. */
    @FunctionalInterface
    public interface Setup {
        Path writeConfig() throws Exception;
    }

    private final Setup setup;
    private final List<String> args;
    private HubProcess hub;
    private SseReader events;

    private LiveHub(Setup setup, List<String> args) {
        this.setup = setup;
        this.args = args;
    }

    /** A hub on the config {@code setup} writes, started with {@code args}. */
    public static LiveHub on(Setup setup, String... args) {
        return new LiveHub(setup, List.of(args));
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Path config = setup.writeConfig();
        hub = HubProcess.builder(config.getParent())
                .config(config)
                .args(args.toArray(String[]::new))
                .start()
                .awaitReady(PATIENCE);
        events = SseReader.open(hub.url("/api/events"), Map.of());
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (events != null) {
            events.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    public HubProcess hub() {
        return hub;
    }

    public SseReader events() {
        return events;
    }

    /** Where the events seen so far end: pass it to {@link #after} to see only what a change brought. */
    public int mark() {
        return events.events().size();
    }

    /** The events that arrived after {@code mark}. */
    public List<SseReader.Event> after(int mark) {
        List<SseReader.Event> all = events.events();
        return new ArrayList<>(all.subList(Math.min(mark, all.size()), all.size()));
    }

    /** The first event after {@code mark} that matches, waiting for it. */
    public SseReader.Event awaitAfter(int mark, Predicate<SseReader.Event> match) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> after(mark).stream().anyMatch(match));
        return after(mark).stream().filter(match).findFirst().orElseThrow();
    }
}
