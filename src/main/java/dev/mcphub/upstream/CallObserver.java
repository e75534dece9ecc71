package dev.mcphub.upstream;

import tools.jackson.databind.JsonNode;

/**
 * The one seam where metrics and traces watch the call path: every request the hub sends to a server, and
 * every change of a server's state. It knows nothing of Prometheus or OpenTelemetry; {@code dev.mcphub.metrics}
 * and {@code dev.mcphub.tracing} implement it, and the CLI hands the combination to {@link UpstreamSettings}.
 *
 * <p>{@link #start} and {@link Call#end} run on the caller's thread for every request and must be cheap and
 * never block; {@code params} and {@code result} must not be changed.
 */
public interface CallObserver {

    /** Watches nothing. */
    CallObserver NONE = new CallObserver() {
        @Override
        public Call start(String server, String transport, String method, JsonNode params) {
            return Call.NONE;
        }
    };

    /**
     * A request to {@code server} is about to be sent.
     *
     * @param transport {@code stdio}, {@code streamable-http} or {@code sse}
     * @param method the MCP method, e.g. {@code tools/call}
     * @param params what will be sent (the tool, prompt or URI is in it), may be null
     * @return what to end the call with; never null
     */
    Call start(String server, String transport, String method, JsonNode params);

    /** A server's state changed (connecting, connected, disconnected, ...). */
    default void stateChanged(String server, UpstreamState previous, UpstreamState current) {}

    /** How a request ended. */
    enum Outcome {
        /** A result, and for a tool call one without {@code isError}. */
        OK("ok"),
        /** A tool result with {@code isError: true}: the tool ran and failed. */
        TOOL_ERROR("tool_error"),
        /** A JSON-RPC error from the server, or a broken channel. */
        PROTOCOL_ERROR("protocol_error"),
        TIMEOUT("timeout"),
        /** The client cancelled, or went away. */
        CANCELLED("cancelled");

        /** The label value in metrics and traces. */
        public final String label;

        Outcome(String label) {
            this.label = label;
        }
    }

    /** One request on its way. */
    interface Call {
        Call NONE = (outcome, sentBytes, receivedBytes) -> {};

        /**
         * The W3C {@code traceparent} the server should see for this request, or null when traces are off.
         * Sent as an HTTP header to remote servers and as {@code params._meta.traceparent} to stdio ones.
         */
        default String traceparent() {
            return null;
        }

        /**
         * The request has ended.
         *
         * @param sentBytes the request's size as the transport wrote it (UTF-8 JSON), -1 when it was not sent
         * @param receivedBytes the answer's size as it came over the wire, -1 when none came or it is unknown
         */
        void end(Outcome outcome, long sentBytes, long receivedBytes);
    }

    /** Both observers, in order; the first traceparent wins. */
    static CallObserver both(CallObserver first, CallObserver second) {
        if (first == NONE) {
            return second;
        }
        if (second == NONE) {
            return first;
        }
        return new CallObserver() {
            @Override
            public Call start(String server, String transport, String method, JsonNode params) {
                Call a = first.start(server, transport, method, params);
                Call b = second.start(server, transport, method, params);
                String traceparent = a.traceparent() != null ? a.traceparent() : b.traceparent();
                return new Call() {
                    @Override
                    public String traceparent() {
                        return traceparent;
                    }

                    @Override
                    public void end(Outcome outcome, long sentBytes, long receivedBytes) {
                        try {
                            b.end(outcome, sentBytes, receivedBytes);
                        } finally {
                            a.end(outcome, sentBytes, receivedBytes);
                        }
                    }
                };
            }

            @Override
            public void stateChanged(String server, UpstreamState previous, UpstreamState current) {
                first.stateChanged(server, previous, current);
                second.stateChanged(server, previous, current);
            }
        };
    }
}
