package dev.mcphub.upstream;

import java.io.IOException;
import java.time.Duration;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP client for the POSTs of Streamable HTTP: blocking socket I/O on the thread that sends, so that a
 * call to a remote server is written and its answer read on the caller's own (virtual) thread, with no
 * selector thread to hand the answer over (Apache HttpClient 5, classic API). Keep-alive connections are
 * pooled per server address; a connection idle for a second is checked before reuse, since servers close idle
 * ones (Node.js after 5 s) and a POST is never retried. The caller's timeouts are not the client's business:
 * no socket timeout, and {@link HttpPost#cancel()} ends an exchange whose time is up.
 */
final class CallerThreadHttp implements AutoCloseable {
    private final CloseableHttpClient client;

    CallerThreadHttp(Duration connectTimeout) {
        Timeout connect = Timeout.of(connectTimeout);
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .useSystemProperties() // the trust store the JDK client would use
                        .setMaxConnTotal(4096)
                        .setMaxConnPerRoute(1024)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect)
                                .setSocketTimeout(Timeout.DISABLED)
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(connect)
                        .setResponseTimeout(Timeout.DISABLED)
                        .build())
                // A POST is not repeatable without the server seeing it twice; SSE answers must not be buffered by
                // a decompressor; MCP servers set no cookies the hub should keep.
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .build();
    }

    /** Sends {@code post} and returns its answer, whose body the caller reads and closes. */
    ClassicHttpResponse send(HttpPost post) throws IOException {
        return client.executeOpen(null, post, null);
    }

    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
    }
}
