package dev.mcphub.upstream;

import dev.mcphub.config.ServerSpec;
import dev.mcphub.error.HubException;
import dev.mcphub.http.OutboundClient;
import dev.mcphub.upstream.oauth.OAuthClients;
import dev.mcphub.upstream.oauth.OAuthSession;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects remote servers: Streamable HTTP first, and the legacy HTTP+SSE transport when the server
 * answers the Streamable HTTP initialize with a client error (it predates Streamable HTTP). A 401 on
 * either is a request for authorization: with OAuth the hub prepares the link the user opens, and once a
 * connection is up it stays attached to the server's OAuth session, which keeps its token fresh and ends the
 * connection when the authorization is revoked. One HTTP client is shared by every remote server for its
 * streams, and one ({@link CallerThreadHttp}) for Streamable HTTP's POSTs, which it sends on the caller's thread.
 */
public final class RemoteTransports implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoteTransports.class);

    private final Duration connectTimeout;
    private final OAuthClients oauth;
    private HttpClient http;
    private CallerThreadHttp posts;

    public RemoteTransports(Duration connectTimeout) {
        this(connectTimeout, null);
    }

    /** @param oauth the hub's OAuth client, or null to report 401s without an authorization link */
    public RemoteTransports(Duration connectTimeout, OAuthClients oauth) {
        this.oauth = oauth;
        this.connectTimeout = connectTimeout;
    }

    /** The shared client, made when the first remote server connects: it costs a TLS set-up hubs without
     * remote servers never need. */
    private synchronized HttpClient http() {
        if (http == null) {
            // The transports only block on their own threads (bodies are read as streams there): the client's
            // completions can run inline, which saves thread hand-offs on every remote call.
            http = OutboundClient.withConnectTimeout(connectTimeout)
                    .inlineTasks()
                    .build();
        }
        return http;
    }

    /** The shared client for Streamable HTTP's POSTs, made when the first remote server connects. */
    private synchronized CallerThreadHttp posts() {
        if (posts == null) {
            posts = new CallerThreadHttp(connectTimeout);
        }
        return posts;
    }

    Connector.Opened open(
            String name,
            ServerSpec.Remote spec,
            UpstreamSettings settings,
            McpConnection.Handlers handlers,
            boolean modernFirst)
            throws IOException, AuthorizationRequired {
        URI url = URI.create(spec.url());
        OAuthSession session = oauth == null || HttpHeaders.setsAuthorization(spec.headers())
                ? null
                : oauth.session(name, spec.url(), spec.oauth());
        HttpHeaders headers = new HttpHeaders(spec.headers(), session);
        StreamableHttpTransport streamable = new StreamableHttpTransport(name, url, headers, http(), posts());
        McpConnection connection = new McpConnection(name, streamable, handlers);
        connection.open();
        try {
            InitializeResult server = Handshake.initialize(connection, settings, modernFirst);
            return attached(new Connector.Opened(connection, server, streamable.kind(), -1), session);
        } catch (HubException e) {
            connection.close();
            HttpFailure failure = streamable.firstFailure();
            if (failure == null || !fallsBack(failure)) {
                throw unauthorizedOr(failure, headers, e);
            }
            log.info("{}: Streamable HTTP refused ({}); trying the legacy SSE transport", name, failure.describe());
        }
        return attached(openLegacy(name, url, headers, settings, handlers), session);
    }

    private Connector.Opened openLegacy(
            String name, URI url, HttpHeaders headers, UpstreamSettings settings, McpConnection.Handlers handlers)
            throws IOException, AuthorizationRequired {
        SseTransport sse = new SseTransport(name, url, headers, http(), settings.connectTimeout());
        McpConnection connection = new McpConnection(name, sse, handlers);
        try {
            connection.open();
            InitializeResult server = Handshake.initialize(connection, settings);
            return new Connector.Opened(connection, server, sse.kind(), -1);
        } catch (IOException | HubException e) {
            connection.close();
            HttpFailure failure = sse.failure();
            if (failure != null && failure.status() == 401) {
                throw authorizationRequired(failure, headers);
            }
            throw e;
        }
    }

    /**
     * Ties the connection to the server's OAuth session: tokens are refreshed ahead of expiry while it lives,
     * and a revoked authorization ends it, so that the supervisor reconnects and finds the server unauthorized.
     */
    private static Connector.Opened attached(Connector.Opened opened, OAuthSession session) {
        if (session == null) {
            return opened;
        }
        McpConnection connection = opened.connection();
        AutoCloseable attachment =
                session.attach(() -> connection.onClose("the authorization server revoked the hub's authorization"));
        connection.closed().whenComplete((reason, error) -> {
            try {
                attachment.close();
            } catch (Exception ignored) {
                // Detaching cannot fail in a way that matters here.
            }
        });
        return opened;
    }

    private static boolean fallsBack(HttpFailure failure) {
        int status = failure.status();
        return status >= 400 && status < 500 && status != 401 && status != 403;
    }

    private static HubException unauthorizedOr(HttpFailure failure, HttpHeaders headers, HubException e)
            throws AuthorizationRequired {
        if (failure != null && failure.status() == 401) {
            throw authorizationRequired(failure, headers);
        }
        if (failure != null && failure.status() == 403) {
            String grant = headers.stepUp(failure.wwwAuthenticate());
            if (grant != null) {
                throw new AuthorizationRequired("the server needs more permission (" + failure.describe() + ")", grant);
            }
        }
        return e;
    }

    /** The link for the user, prepared by OAuth; without OAuth, a 401 with no link. */
    private static AuthorizationRequired authorizationRequired(HttpFailure failure, HttpHeaders headers) {
        String message = "the server requires authorization (" + failure.describe() + ")";
        if (headers.oauth() == null) {
            return new AuthorizationRequired(message, null);
        }
        return new AuthorizationRequired(message, headers.oauth().beginAuthorization(failure.wwwAuthenticate()));
    }

    @Override
    public void close() {
        HttpClient client;
        CallerThreadHttp postClient;
        synchronized (this) {
            client = http;
            postClient = posts;
        }
        if (client != null) {
            client.close();
        }
        if (postClient != null) {
            postClient.close();
        }
    }
}
