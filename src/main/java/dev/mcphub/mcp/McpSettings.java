package dev.mcphub.mcp;

import java.time.Duration;

/**
 * How the MCP endpoint behaves.
 *
 * @param pageSize items per page of a list; longer lists get a {@code nextCursor}
 * @param callTimeout how long a call may wait for a server without news; progress resets the clock
 * @param maxCallTime the most a call may take, progress or not
 * @param clientRequestTimeout how long a server's request (sampling, elicitation) waits for the client
 * @param sessionIdleTimeout a session without requests or an open stream for this long is ended
 * @param keepAlive a quiet stream gets a comment this often, so that proxies and clients keep it open
 * @param callProbe a call in flight for longer than this gets a comment this often on the stream its answer
 *     will take (a POST's reply turns into an SSE stream for it), because only a failed write tells that an
 *     HTTP/1.1 client went away; its call is then cancelled at the server
 * @param maxQueuedFrames messages a slow stream may fall behind before it is dropped
 * @param maxSessions most sessions open at once; an initialize beyond gets 503
 */
public record McpSettings(
        int pageSize,
        Duration callTimeout,
        Duration maxCallTime,
        Duration clientRequestTimeout,
        Duration sessionIdleTimeout,
        Duration keepAlive,
        Duration callProbe,
        int maxQueuedFrames,
        String version,
        int maxSessions) {

    public McpSettings withMaxSessions(int max) {
        return new McpSettings(
                pageSize,
                callTimeout,
                maxCallTime,
                clientRequestTimeout,
                sessionIdleTimeout,
                keepAlive,
                callProbe,
                maxQueuedFrames,
                version,
                max);
    }

    /**
     * The hub's settings. Two hidden system properties exist for tests only, so that paging and timeouts
     * can be seen without thousands of items or minutes of waiting: {@code mcphub.mcp.pageSize} and
     * {@code mcphub.mcp.callTimeoutMs}.
     */
    public static McpSettings defaults(String version) {
        return new McpSettings(
                Integer.getInteger("mcphub.mcp.pageSize", 500),
                Duration.ofMillis(Long.getLong(
                        "mcphub.mcp.callTimeoutMs", Duration.ofMinutes(5).toMillis())),
                Duration.ofMinutes(30),
                Duration.ofMinutes(10),
                Duration.ofHours(1),
                Duration.ofSeconds(15),
                Duration.ofSeconds(2),
                10_000,
                version,
                1_000);
    }
}
