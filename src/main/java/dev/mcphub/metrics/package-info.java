/**
 * The hub's Prometheus metrics and the {@code GET /metrics} endpoint: per server (up and status, connects,
 * restarts, crashes, time to connect, calls in flight), per server and tool (calls by outcome, latency), the
 * hub (MCP sessions, SSE subscribers, events, config reloads, OAuth refreshes, marketplace fetches) and the
 * JVM. It watches the call path only through {@link dev.mcphub.upstream.CallObserver} and reads the rest from
 * {@link dev.mcphub.metrics.MetricsSources} at scrape time; nothing else in the hub knows Prometheus. Label
 * values are bounded: server names from the config, tool names only from the servers' own tool lists (any
 * other name is counted under {@value dev.mcphub.metrics.CallMetrics#UNLISTED}), methods from a fixed list,
 * never a session id or an argument.
 */
package dev.mcphub.metrics;
