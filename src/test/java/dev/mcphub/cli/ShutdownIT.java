package dev.mcphub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.FaultServer;
import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.ServersJson;
import dev.mcphub.testing.SseReader;
import dev.mcphub.testing.SseReader.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM: clients see {@code stopping} and {@code stopped}, the hub exits 0 within a few seconds, and no
 * process it started is left: not a grandchild, not a child that ignores SIGTERM, not one still connecting.
 */
class ShutdownIT {
    @TempDir
    Path dir;

    @Test
    void sigtermStopsEveryChildAndGrandchildTellsClientsAndExitsZero() throws Exception {
        Path config = ServersJson.create()
                .stdio("grand", Fixtures.javaCommand(FaultServer.class, "--spawn-grandchild"))
                .stdio("stubborn", Fixtures.javaCommand(FaultServer.class, "--ignore-sigterm"))
                .stdio("everything", Fixtures.npmServer("server-everything"))
                .stdio("mute", Fixtures.javaCommand(FaultServer.class, "--never-initialize"))
                .write(dir.resolve("servers.json"));
        try (HubProcess hub = HubProcess.builder(dir)
                        .config(config)
                        .args("--ready-timeout", "2")
                        .start()
                        .awaitReady(Duration.ofSeconds(60));
                SseReader client = SseReader.open(hub.url("/api/events"), Map.of())) {
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () -> assertThat(hub.get("/api/servers").json().get("servers"))
                                    .extracting(server -> server.get("status").asString())
                                    .as("grand, stubborn and everything connected, mute still waiting for initialize")
                                    .containsExactly("connected", "connected", "connected", "connecting"));
            List<ProcessHandle> started = hub.process().descendants().toList();
            Map<Long, String> commands = new java.util.HashMap<>();
            started.forEach(p -> commands.put(p.pid(), commandLine(p)));
            assertThat(started)
                    .as("the four servers and the grandchild")
                    .hasSizeGreaterThanOrEqualTo(5)
                    .anySatisfy(p -> assertThat(commandLine(p)).contains("sleep"))
                    .anySatisfy(p -> assertThat(commandLine(p)).contains("--ignore-sigterm"));
            client.awaitEvent(SseReader.named("hub_state"), Duration.ofSeconds(5));

            try {
                hub.process().destroy(); // SIGTERM
                // Bounded (a server that ignores SIGTERM is killed), but how fast is for bin/bench to say.
                assertThat(hub.process().waitFor(30, TimeUnit.SECONDS))
                        .as("the hub exits")
                        .isTrue();
                assertThat(hub.process().exitValue()).isZero();
                Event stopping = client.awaitEvent(hubState("stopping"), Duration.ofSeconds(5));
                Event stopped = client.awaitEvent(hubState("stopped"), Duration.ofSeconds(5));
                assertThat(client.events().indexOf(stopping))
                        .isLessThan(client.events().indexOf(stopped));
                await().atMost(Duration.ofSeconds(2))
                        .untilAsserted(() -> assertThat(started.stream()
                                        .filter(ProcessHandle::isAlive)
                                        .map(p -> p.pid() + " " + commands.get(p.pid())))
                                .as(
                                        "processes the hub started, still alive; the hub said:%n%s",
                                        String.join("\n", hub.stderr()))
                                .isEmpty());
                assertThat(ProcessHandle.allProcesses()
                                .filter(p -> started.stream()
                                        .anyMatch(s -> s.pid() == p.pid()
                                                && s.info()
                                                        .startInstant()
                                                        .equals(p.info().startInstant()))))
                        .as("the process table")
                        .isEmpty();
            } finally {
                started.forEach(ProcessHandle::destroyForcibly); // When it fails, leave nothing behind.
            }
        }
    }

    private static java.util.function.Predicate<Event> hubState(String state) {
        return e ->
                e.name().equals("hub_state") && e.json().get("state").asString().equals(state);
    }

    private static String commandLine(ProcessHandle process) {
        return process.info().commandLine().orElse("");
    }
}
