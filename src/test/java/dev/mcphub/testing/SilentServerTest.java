package dev.mcphub.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A "hub" that accepts every connection and never answers: the test harness must fail, not hang. */
class SilentServerTest {
    private static final Duration SHORT = Duration.ofMillis(500);
    /** A hang guard only: far above SHORT, far below a stuck build. */
    private static final Duration GUARD = Duration.ofSeconds(30);

    private ServerSocket silent;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("silent-server").start(() -> {
            try {
                while (true) {
                    held.add(silent.accept()); // read nothing, answer nothing, keep the connection open
                }
            } catch (IOException e) {
                // closed by the test
            }
        });
    }

    @AfterEach
    void close() throws IOException {
        silent.close();
        for (Socket socket : held) {
            socket.close();
        }
    }

    @Test
    void aRequestWithoutItsOwnTimeoutFailsWithTheHarnessDefault() {
        HttpRequest request = HttpRequest.newBuilder(url("/api/health")).GET().build();
        assertThat(request.timeout()).isEmpty();
        assertTimeoutPreemptively(
                GUARD,
                () -> assertThatThrownBy(() ->
                                TestHttp.withDefaultTimeout(SHORT).send(request, HttpResponse.BodyHandlers.ofString()))
                        .isInstanceOf(HttpTimeoutException.class));
        assertThat(held).as("the request reached the silent server").isNotEmpty();
    }

    @Test
    void aRequestsOwnTimeoutWinsOverTheDefault() {
        HttpRequest request =
                HttpRequest.newBuilder(url("/mcp")).timeout(SHORT).GET().build();
        assertTimeoutPreemptively(
                GUARD,
                () -> assertThatThrownBy(() -> TestHttp.shared().send(request, HttpResponse.BodyHandlers.ofString()))
                        .isInstanceOf(HttpTimeoutException.class));
    }

    @Test
    void anSseStreamThatNeverStartsFailsInsteadOfHanging() {
        assertTimeoutPreemptively(
                GUARD,
                () -> assertThatThrownBy(() -> SseReader.open(
                                TestHttp.withDefaultTimeout(SHORT),
                                url("/api/events").toString(),
                                Map.of()))
                        .isInstanceOf(HttpTimeoutException.class));
    }

    @Test
    void theSharedClientBoundsEveryRequestItSends() {
        HttpRequest bare = HttpRequest.newBuilder(url("/")).GET().build();
        assertThat(TestHttp.shared().bounded(bare).timeout()).contains(TestHttp.DEFAULT_TIMEOUT);
        assertThat(TestHttp.shared().bounded(bare).uri()).isEqualTo(bare.uri());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + silent.getLocalPort() + path);
    }
}
