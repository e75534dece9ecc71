package dev.mcphub.metrics;

import dev.mcphub.http.Exchange;
import java.util.Map;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /metrics}: the Prometheus text format, or OpenMetrics when the scraper's {@code Accept} asks for
 * it (Prometheus does). {@code HEAD} answers the same headers.
 */
public final class MetricsEndpoint {
    public static final String PATH = "/metrics";

    private final HubMetrics metrics;
    private final Predicate<Request> mayRead;

    /**
     * @param mayRead whether a request may read the metrics: the one place where {@code /metrics} is guarded.
     *     The CLI passes the auth door's read-scope check (everyone, on a hub without authentication); a
     *     refusal answers 403 below.
     */
    public MetricsEndpoint(HubMetrics metrics, Predicate<Request> mayRead) {
        this.metrics = metrics;
        this.mayRead = mayRead;
    }

    public void handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            Exchange.bytes(
                    response,
                    callback,
                    405,
                    "text/plain; charset=utf-8",
                    "Use GET /metrics\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    Map.of("Allow", "GET, HEAD"));
            return;
        }
        if (!mayRead.test(request)) {
            Exchange.bytes(
                    response,
                    callback,
                    403,
                    "text/plain; charset=utf-8",
                    "Reading /metrics needs the read scope\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    Map.of());
            return;
        }
        HubMetrics.Scrape scrape = metrics.scrape(request.getHeaders().get(HttpHeader.ACCEPT));
        byte[] body = "HEAD".equals(method) ? new byte[0] : scrape.body();
        Exchange.bytes(response, callback, 200, scrape.contentType(), body, Map.of("Cache-Control", "no-store"));
    }
}
