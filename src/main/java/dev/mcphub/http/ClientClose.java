package dev.mcphub.http;

import java.io.IOException;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Notices at once when the client of a long-lived response (an event stream) closes its connection. Jetty does
 * not read an HTTP/1.1 connection while a response is in progress, so a client that leaves is otherwise only
 * noticed when a later write fails, up to a heartbeat or two later; a hub that stops when its last client
 * leaves needs to know sooner. Only for requests without a body, whose reading is complete.
 */
public final class ClientClose {
    private ClientClose() {}

    /** Calls {@code onClose} once the client closes the connection of {@code request}. */
    public static void watch(Request request, Consumer<Throwable> onClose) {
        HttpVersion version = request.getConnectionMetaData().getHttpVersion();
        if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
            return; // A multiplexed connection is shared by other requests: never read it here.
        }
        arm(request.getConnectionMetaData().getConnection().getEndPoint(), onClose);
    }

    /**
     * The client closed: an ordinary end, not a fault, so without a stack trace (the profile showed one thrown per
     * closing stream, the most thrown exception of a subscribe-and-leave run).
     */
    private static final class ClientGone extends EofException {
        private static final long serialVersionUID = 1L;

        ClientGone() {
            super("the client closed the connection");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private static void arm(EndPoint endPoint, Consumer<Throwable> onClose) {
        endPoint.tryFillInterested(new Callback() {
            @Override
            public void succeeded() {
                try {
                    if (endPoint.fill(BufferUtil.allocate(256)) < 0) {
                        onClose.accept(new ClientGone());
                    } else {
                        arm(endPoint, onClose); // A stray byte, or nothing: keep watching.
                    }
                } catch (IOException e) {
                    onClose.accept(e);
                }
            }

            @Override
            public void failed(Throwable cause) {
                // The response ended first and Jetty took the connection back: nothing left to watch.
            }
        });
    }
}
