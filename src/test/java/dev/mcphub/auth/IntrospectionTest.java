package dev.mcphub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Introspection against a loopback endpoint that counts what it is asked: repeated, concurrent and made-up
 * tokens cost the issuer little. (An issuer that answers "inactive" for a made-up token is all this needs; the
 * real oidc-provider's introspection is exercised by OAuthSignInIT.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IntrospectionTest {
    private static final URI RESOURCE = URI.create("http://127.0.0.1:1");

    private final TicketsTest.MutableClock clock = new TicketsTest.MutableClock();
    private final AtomicInteger asked = new AtomicInteger();
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private HttpServer issuer;
    private HttpClient http;
    private Introspection introspection;

    @BeforeEach
    void start() throws IOException {
        issuer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        issuer.createContext("/introspect", exchange -> {
            asked.incrementAndGet();
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String token = URLDecoder.decode(form.replaceAll(".*token=([^&]*).*", "$1"), StandardCharsets.UTF_8);
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = (token.startsWith("good")
                            ? "{\"active\":true,\"sub\":\"alice\",\"scope\":\"mcp:read\"}"
                            : "{\"active\":false}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        issuer.start();
        // The client the hub's code is given: Introspection sets every request's .timeout( of 10 s) itself.
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI endpoint = URI.create("http://127.0.0.1:" + issuer.getAddress().getPort() + "/introspect");
        introspection = new Introspection(endpoint, "hub", "secret", null, RESOURCE, http, clock);
    }

    @AfterEach
    void stop() {
        issuer.stop(0);
        http.close();
    }

    @Test
    void aRepeatedBadTokenIsAskedAboutOnceWhileItsAnswerIsKept() {
        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(() -> introspection.verify("made-up-token"))
                    .isInstanceOf(TokenRefused.class)
                    .hasMessage("Access token is not active");
        }
        assertThat(asked).hasValue(1);
        clock.advance(11);
        assertThatThrownBy(() -> introspection.verify("made-up-token")).isInstanceOf(TokenRefused.class);
        assertThat(asked).as("after ten seconds the issuer is asked again").hasValue(2);
    }

    @Test
    void anActiveTokenIsKeptForTenSeconds() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(introspection.verify("good-token").path("sub").asString())
                    .isEqualTo("alice");
        }
        assertThat(asked).hasValue(1);
    }

    @Test
    void aFloodOfMadeUpTokensReachesTheIssuerAtMostTwentyTimesASecond() {
        List<String> refusals = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            try {
                introspection.verify("made-up-" + i);
            } catch (TokenRefused e) {
                refusals.add(e.getMessage());
            }
        }
        assertThat(refusals).hasSize(200);
        assertThat(asked).hasValue(Introspection.PER_SECOND);
        assertThat(refusals)
                .filteredOn(r -> r.contains("too many unknown tokens"))
                .hasSize(200 - Introspection.PER_SECOND);
        clock.advance(1);
        assertThatThrownBy(() -> introspection.verify("made-up-999")).hasMessage("Access token is not active");
        assertThat(asked).as("the next second has its own allowance").hasValue(Introspection.PER_SECOND + 1);
    }

    @Test
    void requestsPresentingTheSameTokenAtOnceShareOneQuestion() throws Exception {
        hold = new CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                answers.add(pool.submit(
                        () -> introspection.verify("good-token").path("sub").asString()));
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() >= 1);
            hold.countDown();
            for (Future<String> answer : answers) {
                assertThat(answer.get(20, TimeUnit.SECONDS)).isEqualTo("alice");
            }
        }
        assertThat(asked).hasValue(1);
    }
}
