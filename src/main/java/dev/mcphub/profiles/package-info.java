/**
 * Profiles: named views of the hub for different clients, defined under the config's top-level {@code
 * profiles} key. A profile picks servers, filters their tools by allow and deny patterns, renames and
 * re-describes tools, keeps or drops prompts and resources, and may list a few search meta-tools instead
 * of every tool (tool search, ranked with Lucene). It owns the computed view of each profile at each
 * catalogue and the search index; it knows nothing of HTTP, sessions or the MCP transports, which serve the
 * views it computes.
 */
package dev.mcphub.profiles;
