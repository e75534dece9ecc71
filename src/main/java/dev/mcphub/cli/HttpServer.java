package dev.mcphub.cli;

import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Embedded Jetty on one address and port. Handlers run on virtual threads, so a handler that waits for a
 * server holds no platform thread; open streams hold none either.
 */
final class HttpServer implements AutoCloseable {
    /** Long enough for the longest call answered as plain JSON; streams send keep-alives well within it. */
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(35);

    private final Server server;
    private static final int ACCEPT_QUEUE = 4096;

    private final ServerConnector connector;

    HttpServer(String host, int port, int maxHeaderBytes, Handler handler) {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("http");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(maxHeaderBytes);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        connector.setReuseAddress(true);
        // The JDK's default backlog is 50: a burst of new connections (an agent opening hundreds of calls at once,
        // a thousand dashboards and plugins reconnecting after a restart) overflowed it, and each dropped SYN
        // cost its client a retransmit of 1, 3, 7... seconds. The kernel caps this at net.core.somaxconn.
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        server.addConnector(connector);
        server.setHandler(handler);
        server.setStopTimeout(2_000);
    }

    /** Binds and starts; a port in use is reported as such. */
    void start() throws IOException {
        try {
            server.start();
        } catch (IOException e) {
            close();
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw new IOException(
                        connector.getHost() + ":" + connector.getPort() + ": already in use (is another hub running?)");
            }
            throw e;
        } catch (Exception e) {
            close();
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Closes the listening socket: new connections are refused (a balancer tries another replica). */
    void stopAccepting() {
        connector.close();
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // Stopping is best effort at shutdown.
        }
    }
}
