/**
 * Cluster mode: what hub replicas behind one load balancer share through Redis. It owns the Redis client
 * (Jedis), the shared records of 2025-era MCP sessions ({@link dev.mcphub.cluster.SessionRecord}, with a TTL
 * refreshed on use), the pub/sub channel that carries messages to whichever replica holds a client's stream
 * ({@link dev.mcphub.cluster.Push}), the OAuth credentials to upstream servers with their refresh locks
 * ({@link dev.mcphub.cluster.RedisCredentials}, behind {@code upstream.oauth}'s own interface), the API keys and
 * revocations, the audit stream and the marketplace registry (behind {@code auth.SharedKeys}, {@code
 * audit.SharedAudit} and {@code marketplace.SharedCatalogue}: those packages never know Redis), and whether Redis is reachable (for {@code /readyz} and the fall-back to
 * per-replica operation). Without a Redis URL the hub uses {@link dev.mcphub.cluster.SharedSessions#LOCAL} and no
 * Redis code runs. It knows records and channels, not sessions, transports or HTTP: {@code mcp} decides what a
 * session is and when it changed; the wiring is {@code cli}'s.
 */
package dev.mcphub.cluster;
