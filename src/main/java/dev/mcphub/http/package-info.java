/**
 * Plumbing shared by the hub's HTTP boundaries (REST API, event stream, MCP endpoint) on Jetty's core
 * handler API: reading bodies within a size limit, writing JSON, Server-Sent-Event channels that never
 * block a thread and drop a client that stops reading, and the Origin and Host checks that keep web pages
 * from driving a hub on localhost, and the per-hub token a page sends with changes. It knows nothing of the hub,
 * its servers or MCP.
 */
package dev.mcphub.http;
