package dev.mcphub.upstream;

import dev.mcphub.jsonrpc.JsonRpcMessage;
import java.io.IOException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A channel to one MCP server. Implementations are thread-safe for {@link #send}. */
interface Transport extends AutoCloseable {

    /** Receives what the server sends, and the end of the channel. */
    interface Listener {
        /**
         * One message from the server.
         *
         * @param relatedRequestId the id of our request whose response stream carried this message, when the
         *     transport knows it (Streamable HTTP), else null
         */
        void onMessage(JsonRpcMessage message, JsonNode relatedRequestId);

        /**
         * The same, with the message's size as it came over the wire (UTF-8 bytes of its JSON), for the
         * transports that know it without serializing again; -1 when unknown (one message of a batch).
         */
        default void onMessage(JsonRpcMessage message, JsonNode relatedRequestId, int wireBytes) {
            onMessage(message, relatedRequestId);
        }

        /** A message was written to the server, {@code wireBytes} of JSON (what a trace reports as its size). */
        default void sent(JsonRpcMessage message, int wireBytes) {}

        /** The channel has ended for good; {@code reason} says why in words for the server's status. May come twice. */
        void onClose(String reason);
    }

    /** Opens the channel. Messages and the end of the channel go to {@code listener}. */
    void start(Listener listener) throws IOException;

    /**
     * Sends one message. May block until the server has accepted it (Streamable HTTP answers each POST);
     * anything the server sends in reply goes to the listener.
     */
    void send(JsonRpcMessage message) throws IOException;

    /**
     * Whether {@link #send(JsonRpcMessage, String)} carries the trace context as an HTTP {@code traceparent}
     * header; when not, the caller puts it in {@code params._meta.traceparent} (stdio).
     */
    default boolean carriesTraceHeader() {
        return false;
    }

    /** Sends a request with a W3C {@code traceparent} (null: none) for HTTP transports to send as a header. */
    default void send(JsonRpcMessage message, String traceparent) throws IOException {
        send(message);
    }

    /**
     * Whether a request {@link #send sent} now, on this thread, is answered before {@code send} returns: the
     * transport then sends and reads the answer on the caller's thread (no thread hand-off per call), and the
     * caller's timeouts must reach it through {@link #abort}.
     */
    default boolean answersOnCallerThread() {
        return false;
    }

    /** Ends the exchange of our request {@code requestId} now, if one is under way (its time is up). */
    default void abort(JsonNode requestId) {}

    /** Tells the transport which protocol version was negotiated (Streamable HTTP sends it as a header). */
    default void protocolVersion(String version) {}

    /**
     * Where the transport finds a tool's current input schema by name (null: unknown), for the 2026-07-28
     * {@code Mcp-Param-*} headers Streamable HTTP mirrors from a call's arguments.
     */
    default void toolSchemas(Function<String, @Nullable JsonNode> lookup) {}

    /** A short name for the status object and logs: {@code stdio}, {@code streamable-http} or {@code sse}. */
    String kind();

    /** Ends the channel and everything it started. Idempotent; returns within a few seconds. */
    @Override
    void close();
}
