package dev.mcphub.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mcphub.config.ConfigLoader;
import dev.mcphub.config.HubConfig;
import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import dev.mcphub.upstream.CallOptions;
import dev.mcphub.upstream.RemoteTransports;
import dev.mcphub.upstream.UpstreamState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub in process, with upstreams that start no process: disabled ones, and ones whose command does not
 * exist (they fail at once and wait to retry). Config changes, the typed events they cause and the door's
 * checks need no child process.
 */
@Timeout(60)
class HubTest {
    private static final Duration SHORT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final List<HubEvent> events = new CopyOnWriteArrayList<>();
    private final EventBus bus = new EventBus();
    private RemoteTransports remote;
    private Hub hub;

    @BeforeEach
    void start() throws IOException {
        remote = new RemoteTransports(SHORT);
        hub = new Hub(InProcessSettings.of(dir, SHORT, remote), bus);
        hub.subscribe(events::add);
        bus.start();
        hub.start(config("""
                "off": {"command": "never-run", "disabled": true},
                "missing": {"command": "/nonexistent/mcp-hub-test-server"}"""));
    }

    @AfterEach
    void stop() {
        hub.close();
        bus.close();
        remote.close();
    }

    private HubConfig config(String servers) throws IOException {
        Path file = Files.writeString(dir.resolve("servers.json"), "{\"mcpServers\": {" + servers + "}}");
        return ConfigLoader.load(List.of(file));
    }

    @Test
    void theSnapshotShowsEveryServerInConfigOrderWithItsState() {
        HubSnapshot snapshot = hub.snapshot();

        assertThat(snapshot.state()).isEqualTo(HubState.READY);
        assertThat(snapshot.servers()).extracting(ServerView::name).containsExactly("off", "missing");
        assertThat(snapshot.server("off").orElseThrow().state()).isInstanceOf(UpstreamState.Disabled.class);
        assertThat(snapshot.server("missing").orElseThrow().state())
                .isInstanceOfSatisfying(
                        UpstreamState.Disconnected.class,
                        d -> assertThat(d.failed()).isTrue());
    }

    @Test
    void theDoorRefusesUnknownAndUnconnectedServersAndObserversSeeEveryRefusal() {
        List<String> seen = new CopyOnWriteArrayList<>();
        hub.observe(new CallObserver() {
            @Override
            public void finished(ServerCall call, CallOutcome outcome, Object started) {
                seen.add(call.server() + " " + call.kind() + " " + call.name() + " " + outcome.outcome());
            }
        });
        CallOptions options = CallOptions.timeout(SHORT);

        assertThatThrownBy(() -> hub.calls().callTool("nobody", "echo", null, options))
                .isInstanceOfSatisfying(
                        HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVER_NOT_FOUND));
        assertThatThrownBy(() -> hub.calls()
                        .call(ServerCall.request(
                                "off", "prompts/get", Json.object().put("name", "p"), options)))
                .isInstanceOfSatisfying(
                        HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVER_NOT_CONNECTED));
        hub.calls().notify("missing", "notifications/roots/list_changed", null);

        assertThat(seen)
                .containsExactly(
                        "nobody TOOL echo SERVER_NOT_FOUND",
                        "off PROMPT p SERVER_NOT_CONNECTED",
                        "missing NOTIFICATION null ok");
    }

    @Test
    void applyingAConfigAnnouncesItsDiffAsTypedEventsAndTouchesOnlyWhatChanged() throws IOException {
        UpstreamState offBefore = hub.snapshot().server("off").orElseThrow().state();
        int mark = events.size();

        var diff = hub.apply(config("""
                "off": {"command": "never-run", "disabled": true},
                "new": {"command": "also-never-run", "disabled": true}"""));

        assertThat(diff.added()).containsExactly("new");
        assertThat(diff.removed()).containsExactly("missing");
        assertThat(diff.unchanged()).containsExactly("off");
        assertThat(hub.snapshot().servers()).extracting(ServerView::name).containsExactly("off", "new");
        assertThat(hub.snapshot().server("off").orElseThrow().state()).isSameAs(offBefore);
        await().atMost(SHORT)
                .untilAsserted(() -> assertThat(events.subList(mark, events.size()))
                        .filteredOn(e -> e instanceof HubEvent.ServersUpdated)
                        .singleElement()
                        .isEqualTo(HubEvent.ServersUpdated.of(new HubEvent.Changes.Diff(diff))));
        assertThat(events.subList(mark, events.size()))
                .filteredOn(e -> e instanceof HubEvent.ServersUpdating || e instanceof HubEvent.ConfigChanged)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("ConfigChanged", "ServersUpdating");
    }

    @Test
    void aFailedReloadIsATypedEventFollowedByAnInsignificantConfigChange() {
        int mark = events.size();

        hub.reloadFailed(new HubException(ErrorCode.CONFIG_ERROR, "bad JSON", Map.of("line", 3)));

        // The hub's own READY may still be on its way from start(): only the reload's events are compared.
        await().atMost(SHORT)
                .untilAsserted(() -> assertThat(events.subList(mark, events.size()))
                        .filteredOn(e -> !(e instanceof HubEvent.StateChanged))
                        .containsExactly(
                                new HubEvent.ConfigReloadFailed("bad JSON", Map.of("line", 3)),
                                new HubEvent.ConfigChanged(null, false)));
    }
}
