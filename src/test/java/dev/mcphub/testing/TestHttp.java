package dev.mcphub.testing;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The one HTTP client of the tests. Every request it sends has a timeout: the request's own, or {@link
 * #defaultTimeout()} when the test set none. So a hub (or fixture) that accepts a connection and never answers
 * fails the test with an {@link java.net.http.HttpTimeoutException} instead of hanging the build. For a stream
 * ({@code BodyHandlers.ofInputStream()}) the timeout bounds the wait for the response head; readers of the body
 * bound their own waits.
 */
public final class TestHttp {
    /** Long enough for a loaded 2-core CI machine, short enough that a hang is a failure, not a stuck build. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final TestHttp SHARED = new TestHttp(client(HttpClient.Redirect.NEVER), DEFAULT_TIMEOUT);

    private final HttpClient client;
    private final Duration defaultTimeout;

    private TestHttp(HttpClient client, Duration defaultTimeout) {
        this.client = client;
        this.defaultTimeout = defaultTimeout;
    }

    /** The shared client: HTTP/1.1, redirects not followed, 5 s to connect, {@link #DEFAULT_TIMEOUT} per request. */
    public static TestHttp shared() {
        return SHARED;
    }

    /** A client whose requests without their own timeout wait at most {@code timeout}. */
    public static TestHttp withDefaultTimeout(Duration timeout) {
        return new TestHttp(SHARED.client, timeout);
    }

    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    /** Sends the request, with {@link #defaultTimeout()} unless it has its own. */
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        return client.send(bounded(request), body);
    }

    /** The request as sent: its own timeout kept, the default one added where it has none. */
    public HttpRequest bounded(HttpRequest request) {
        if (request.timeout().isPresent()) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, value) -> true)
                .timeout(defaultTimeout)
                .build();
    }

    private static HttpClient client(HttpClient.Redirect redirects) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(redirects)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }
}
