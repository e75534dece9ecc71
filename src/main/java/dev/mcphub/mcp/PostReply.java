package dev.mcphub.mcp;

import dev.mcphub.http.Exchange;
import dev.mcphub.http.SseChannel;
import dev.mcphub.jsonrpc.JsonRpcMessage;
import java.util.Map;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to one POSTed request. It stays a plain JSON response unless something must reach the client
 * before the result (progress, a server's sampling request): then it turns into an SSE stream that carries
 * those messages and finally the result. The common call thus costs one small JSON response.
 */
final class PostReply implements Outbound {
    private final Response response;
    private final Callback callback;
    private final boolean streamable;
    private final Map<String, String> headers;
    private final int maxQueued;
    private SseChannel stream;
    private boolean finished;

    /** @param streamable the client accepts {@code text/event-stream} */
    PostReply(Response response, Callback callback, boolean streamable, Map<String, String> headers, int maxQueued) {
        this.response = response;
        this.callback = callback;
        this.streamable = streamable;
        this.headers = headers;
        this.maxQueued = maxQueued;
    }

    @Override
    public synchronized boolean send(JsonRpcMessage message) {
        if (finished || !streamable) {
            return false;
        }
        if (stream == null) {
            headers.forEach((name, value) -> response.getHeaders().put(name, value));
            stream = new SseChannel(response, callback, maxQueued, () -> {});
            stream.open();
        }
        return stream.send(Frames.message(message));
    }

    /** Sends the final message (the response) and ends the exchange. */
    synchronized void finish(JsonRpcMessage message) {
        if (finished) {
            return;
        }
        finished = true;
        if (stream == null) {
            Exchange.json(response, callback, 200, message.toJson(), headers);
        } else {
            stream.send(Frames.message(message));
            stream.close();
        }
    }

    /** The client went away: a stream in progress ends at once. */
    synchronized void failed(Throwable cause) {
        if (stream != null) {
            stream.failed(cause);
        }
    }
}
