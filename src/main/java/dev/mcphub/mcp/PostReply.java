package dev.mcphub.mcp;

import dev.mcphub.http.Exchange;
import dev.mcphub.http.SseChannel;
import dev.mcphub.jsonrpc.JsonRpcMessage;
import java.util.Map;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * The answer to one POSTed request. It stays a plain JSON response unless something must reach the client
 * before the result (progress, a server's sampling request): then it turns into an SSE stream that carries
 * those messages and finally the result. The common call thus costs one small JSON response. A call that
 * takes long is probed with comments (it then turns into a stream too): only a failed write tells that the
 * client went away, and then {@code onGone} cancels the call.
 */
final class PostReply implements Outbound {
    private final Response response;
    private final Callback callback;
    private final boolean streamable;
    private final Map<String, String> headers;
    private final int maxQueued;
    private final Runnable onGone;
    private final @Nullable String primingId;
    private SseChannel stream;
    private volatile boolean finished;

    /**
     * @param streamable the client accepts {@code text/event-stream}
     * @param onGone runs when the stream failed before the answer was sent: the client went away
     */
    PostReply(
            Response response,
            Callback callback,
            boolean streamable,
            Map<String, String> headers,
            int maxQueued,
            Runnable onGone) {
        this(response, callback, streamable, headers, maxQueued, onGone, null);
    }

    /**
     * @param primingId in a cluster: the id of an empty first event ({@link Resumption}), so that a client whose
     *     stream breaks before the answer (its replica died) resumes on GET and learns that the call was lost
     */
    PostReply(
            Response response,
            Callback callback,
            boolean streamable,
            Map<String, String> headers,
            int maxQueued,
            Runnable onGone,
            @Nullable String primingId) {
        this.primingId = primingId;
        this.response = response;
        this.callback = callback;
        this.streamable = streamable;
        this.headers = headers;
        this.maxQueued = maxQueued;
        this.onGone = onGone;
    }

    @Override
    public synchronized boolean send(JsonRpcMessage message) {
        if (finished || !streamable) {
            return false;
        }
        return stream().send(Frames.message(message));
    }

    @Override
    public synchronized void probe() {
        if (!finished && streamable) {
            stream().send(Frames.KEEP_ALIVE);
        }
    }

    private SseChannel stream() {
        if (stream == null) {
            headers.forEach((name, value) -> response.getHeaders().put(name, value));
            stream = new SseChannel(response, callback, maxQueued, this::ended);
            stream.open();
            if (primingId != null) {
                stream.send(Resumption.priming(primingId));
            }
        }
        return stream;
    }

    private void ended() {
        if (!finished) {
            onGone.run();
        }
    }

    /** Sends the final message (the response) and ends the exchange. */
    void finish(JsonRpcMessage message) {
        finish(message, 200);
    }

    /** Sends the final message with {@code status} when it is a plain JSON answer (a stream is already 200). */
    synchronized void finish(JsonRpcMessage message, int status) {
        if (finished) {
            return;
        }
        finished = true;
        if (stream == null) {
            Exchange.json(response, callback, status, message.toJson(), headers);
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
