/**
 * The hub: the set of upstreams, applying config changes to them, restarting dev-mode servers when their
 * source files change, the aggregated catalogue that names every tool, prompt and resource {@code
 * <server_id>__<name>} and routes a name back to its server (and knows which servers own a name or URI in their
 * own spelling), the immutable snapshot everyone reads, and the stream of hub events as typed records. It owns
 * every call to a server: {@link dev.mcphub.hub.ServerCalls} is the one door (checks, then {@link
 * dev.mcphub.hub.CallObserver}s for authorization, metrics and tracing, among them {@code CallStats}, the
 * per-server counts of the requests made for clients), and snapshots carry data only, never a live connection.
 * It knows nothing of HTTP or of the JSON shapes of the REST API and the SSE stream.
 */
package dev.mcphub.hub;
