package dev.mcphub.upstream;

import dev.mcphub.config.ServerSpec;
import dev.mcphub.error.HubException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects remote servers: Streamable HTTP first, and the legacy HTTP+SSE transport when the server
 * answers the Streamable HTTP initialize with a client error (it predates Streamable HTTP). A 401 on
 * either is a request for authorization. One HTTP client is shared by every remote server.
 */
public final class RemoteTransports implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoteTransports.class);

    private final HttpClient http;

    public RemoteTransports(Duration connectTimeout) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    Connector.Opened open(
            String name, ServerSpec.Remote spec, UpstreamSettings settings, McpConnection.Handlers handlers)
            throws IOException, AuthorizationRequired {
        URI url = URI.create(spec.url());
        HttpHeaders headers = HttpHeaders.of(spec.headers());
        StreamableHttpTransport streamable = new StreamableHttpTransport(name, url, headers, http);
        McpConnection connection = new McpConnection(name, streamable, handlers);
        connection.open();
        try {
            InitializeResult server = Handshake.initialize(connection, settings);
            return new Connector.Opened(connection, server, streamable.kind(), -1);
        } catch (HubException e) {
            connection.close();
            HttpFailure failure = streamable.firstFailure();
            if (failure == null || !fallsBack(failure)) {
                throw unauthorizedOr(failure, e);
            }
            log.info("{}: Streamable HTTP refused ({}); trying the legacy SSE transport", name, failure.describe());
        }
        return openLegacy(name, url, headers, settings, handlers);
    }

    private Connector.Opened openLegacy(
            String name, URI url, HttpHeaders headers, UpstreamSettings settings, McpConnection.Handlers handlers)
            throws IOException, AuthorizationRequired {
        SseTransport sse = new SseTransport(name, url, headers, http, settings.connectTimeout());
        McpConnection connection = new McpConnection(name, sse, handlers);
        try {
            connection.open();
            InitializeResult server = Handshake.initialize(connection, settings);
            return new Connector.Opened(connection, server, sse.kind(), -1);
        } catch (IOException | HubException e) {
            connection.close();
            HttpFailure failure = sse.failure();
            if (failure != null && failure.status() == 401) {
                throw authorizationRequired(failure);
            }
            throw e;
        }
    }

    private static boolean fallsBack(HttpFailure failure) {
        int status = failure.status();
        return status >= 400 && status < 500 && status != 401 && status != 403;
    }

    private static HubException unauthorizedOr(HttpFailure failure, HubException e) throws AuthorizationRequired {
        if (failure != null && failure.status() == 401) {
            throw authorizationRequired(failure);
        }
        return e;
    }

    private static AuthorizationRequired authorizationRequired(HttpFailure failure) {
        return new AuthorizationRequired("the server requires authorization (" + failure.describe() + ")", null);
    }

    @Override
    public void close() {
        http.close();
    }
}
