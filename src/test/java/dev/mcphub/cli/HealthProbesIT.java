package dev.mcphub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.RedisServer;
import dev.mcphub.testing.ServersJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a load balancer sees: {@code /livez} and {@code /readyz} answer without credentials, readiness follows
 * Redis in cluster mode, and SIGTERM drains: new connections are refused while a call in flight finishes.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HealthProbesIT {
    @TempDir
    Path dir;

    @Test
    void readinessFollowsRedisWhileLivenessStaysUp() throws Exception {
        Path config = ServersJson.create().write(dir.resolve("servers.json"));
        try (RedisServer redis = RedisServer.start(dir);
                HubProcess hub = HubProcess.builder(Files.createDirectory(dir.resolve("hub")))
                        .config(config)
                        .args("--redis", redis.url(), "--replica", "one")
                        .start()
                        .awaitReady(Duration.ofSeconds(60))) {
            assertThat(hub.get("/livez").status()).isEqualTo(200);
            HubProcess.Reply ready = hub.get("/readyz");
            assertThat(ready.status()).as(ready.body()).isEqualTo(200);
            assertThat(ready.json().path("redis").asString()).isEqualTo("reachable");
            assertThat(ready.json().path("replica").asString()).isEqualTo("one");

            redis.close();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> hub.get("/readyz").status() == 503);
            assertThat(hub.get("/readyz").json().path("redis").asString()).isEqualTo("unreachable");
            assertThat(hub.get("/livez").status()).isEqualTo(200);
            assertThat(hub.stderr()).anyMatch(line -> line.contains("unreachable"));

            redis.startAgain();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> hub.get("/readyz").status() == 200);
        }
    }

    @Test
    void sigtermRefusesNewConnectionsAndLetsACallInFlightFinish() throws Exception {
        Path config = ServersJson.create()
                .stdio("everything", Fixtures.npmServer("server-everything"))
                .write(dir.resolve("servers.json"));
        HubProcess hub = HubProcess.builder(dir)
                .config(config)
                .args("--drain-timeout", "30")
                .start()
                .awaitReady(Duration.ofSeconds(60));
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> hub.get("/api/servers").body().contains("\"connected\""));
            CompletableFuture<HubProcess.Reply> call = CompletableFuture.supplyAsync(() -> {
                try {
                    return hub.post(
                            "/api/servers/tools",
                            "{\"server_name\":\"everything\",\"tool\":\"trigger-long-running-operation\","
                                    + "\"arguments\":{\"duration\":3,\"steps\":3}}");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> hub.get("/metrics")
                            .body()
                            .lines()
                            .anyMatch(line -> line.startsWith("mcphub_server_calls_in_flight")
                                    && line.contains("everything")
                                    && !line.endsWith(" 0.0")));

            hub.process().destroy(); // SIGTERM
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> assertThatThrownBy(() -> connect(hub.port())).isInstanceOf(ConnectException.class));
            assertThat(call)
                    .as("the call is still in flight while the hub refuses new connections")
                    .isNotDone();

            HubProcess.Reply answer = call.get(30, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("Long running operation");
            assertThat(hub.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(hub.process().exitValue()).isZero();
        } finally {
            hub.close();
        }
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
        }
    }
}
