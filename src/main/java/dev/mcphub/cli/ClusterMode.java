package dev.mcphub.cli;

import dev.mcphub.cluster.SharedSessions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Whether this hub is a replica of a cluster, from {@code --redis} or {@code MCP_HUB_REDIS_URL}. */
final class ClusterMode {
    private ClusterMode() {}

    /**
     * Cluster mode when a Redis URL is given ({@code --redis}, else {@code MCP_HUB_REDIS_URL}): no Redis class is
     * even loaded without one.
     */
    static SharedSessions sessions(Options options, Map<String, String> env, Duration ttl) {
        URI url = options.redis;
        String fromEnv = env.get("MCP_HUB_REDIS_URL");
        if (url == null && fromEnv != null && !fromEnv.isBlank()) {
            url = URI.create(fromEnv.strip());
        }
        if (url == null) {
            return SharedSessions.LOCAL;
        }
        String replica = options.replica != null
                ? options.replica
                : ProcessHandle.current().pid() + "@" + hostName();
        return new dev.mcphub.cluster.RedisSessions(url, replica, ttl);
    }

    /** OAuth credentials and refresh locks shared with the other replicas, or none without a cluster. */
    static dev.mcphub.upstream.oauth.SharedCredentials credentials(SharedSessions shared) {
        return shared instanceof dev.mcphub.cluster.RedisSessions redis
                ? new dev.mcphub.cluster.RedisCredentials(redis)
                : dev.mcphub.upstream.oauth.SharedCredentials.NONE;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
