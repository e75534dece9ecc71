package dev.mcphub.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * One open {@code text/event-stream} response. {@link #send} queues a frame and returns at once; one
 * flusher writes queued frames (several at a time) without holding a thread while the socket is busy. A
 * client that falls more than {@code maxQueued} frames behind is dropped, so a stalled reader costs
 * memory for at most that many frames and never slows anyone else.
 */
public final class SseChannel {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Response response;
    private final Callback done;
    private final int maxQueued;
    private final Runnable onClose;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final Flusher flusher = new Flusher();
    private boolean closing;
    private boolean closed;
    /** Between {@link #openHeld} and {@link #release}: frames are queued but not written yet. */
    private boolean held;

    private volatile long lastWriteNanos = System.nanoTime();

    /**
     * @param done the exchange's callback, completed when the stream ends
     * @param onClose runs once when the stream has ended, for whatever reason
     */
    public SseChannel(Response response, Callback done, int maxQueued, Runnable onClose) {
        this.response = response;
        this.done = done;
        this.maxQueued = maxQueued;
        this.onClose = onClose;
    }

    /** Sends the status and the event-stream headers of the reference. */
    public void open() {
        headers();
        // An empty first frame commits the headers at once, through the one writer.
        synchronized (this) {
            queue.add(new byte[0]);
        }
        flusher.iterate();
    }

    /**
     * Sets the headers but writes nothing until {@link #release}: the headers and the frames queued meanwhile
     * leave in one write, and a caller that queues under a lock of its own does no I/O while holding it.
     */
    public void openHeld() {
        headers();
        synchronized (this) {
            held = true;
        }
    }

    /** Writes the headers and what was queued since {@link #openHeld}. */
    public void release() {
        synchronized (this) {
            held = false;
            if (queue.isEmpty()) {
                queue.add(new byte[0]); // Commits the headers even when nothing was queued.
            }
        }
        flusher.iterate();
    }

    private void headers() {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        // As a plain field: Jetty drops a known Connection: keep-alive header from HTTP/1.1 responses.
        response.getHeaders().put(new HttpField(null, "Connection", "keep-alive"));
        response.getHeaders().put("X-Accel-Buffering", "no");
    }

    /** Queues a frame; false when the stream is closed or the client fell too far behind (it is dropped). */
    public boolean send(byte[] frame) {
        boolean overflow;
        synchronized (this) {
            if (closing || closed) {
                return false;
            }
            // Not while held: a full replay may be queued at once, and release() takes it all in one batch.
            overflow = !held && queue.size() >= maxQueued;
            if (!overflow) {
                queue.add(frame);
                if (held) {
                    return true; // release() writes it
                }
            }
        }
        if (overflow) {
            // Its write may never complete: abort the exchange rather than wait to end it politely.
            failed(new IOException("the client fell more than " + maxQueued + " frames behind"));
            return false;
        }
        flusher.iterate();
        return !isClosing();
    }

    /** Ends the stream after what is queued has been written. */
    public void close() {
        synchronized (this) {
            if (closing || closed) {
                return;
            }
            closing = true;
        }
        flusher.iterate();
    }

    public synchronized boolean isOpen() {
        return !closing && !closed;
    }

    /** Nanos (System.nanoTime) of the last completed write, for keep-alive comments on quiet streams. */
    public long lastWriteNanos() {
        return lastWriteNanos;
    }

    /** The client went away (the request failed): forget the queue and end. */
    public void failed(Throwable cause) {
        boolean first;
        synchronized (this) {
            first = !closed;
            closed = true;
            closing = true;
            queue.clear();
        }
        if (first) {
            done.failed(cause);
            onClose.run();
        }
    }

    private synchronized boolean isClosing() {
        return closing || closed;
    }

    private synchronized ByteBuffer takeBatch() {
        if (queue.isEmpty()) {
            return null;
        }
        if (queue.size() == 1) {
            return ByteBuffer.wrap(queue.poll());
        }
        int size = 0;
        for (byte[] frame : queue) {
            size += frame.length;
        }
        ByteBuffer batch = ByteBuffer.allocate(size);
        byte[] frame;
        while ((frame = queue.poll()) != null) {
            batch.put(frame);
        }
        return batch.flip();
    }

    private void finished() {
        boolean first;
        synchronized (this) {
            first = !closed;
            closed = true;
        }
        if (first) {
            done.succeeded();
            onClose.run();
        }
    }

    private final class Flusher extends IteratingCallback {
        private boolean ending;

        @Override
        protected Action process() {
            if (ending) {
                finished();
                return Action.SUCCEEDED;
            }
            ByteBuffer batch = takeBatch();
            if (batch != null) {
                response.write(false, batch, this);
                return Action.SCHEDULED;
            }
            if (isClosing()) {
                ending = true;
                response.write(true, EMPTY, this);
                return Action.SCHEDULED;
            }
            return Action.IDLE;
        }

        @Override
        protected void onSuccess() {
            lastWriteNanos = System.nanoTime();
        }

        @Override
        protected void onCompleteFailure(Throwable cause) {
            // Qualified: a bare failed(cause) here is IteratingCallback.failed, which ignores a completed callback.
            SseChannel.this.failed(cause);
        }
    }
}
