/**
 * The dashboard: the web page a person keeps open next to their editor, served by the hub itself from the jar (no
 * CDN, no build step). It owns the static files under {@code /dashboard/} on the class path and how they are served
 * (content types, compression, validators, a strict Content-Security-Policy, and the sandboxed frame MCP Apps
 * render in). The page itself uses only the public REST API and {@code /api/events}; this package knows nothing of
 * the hub, its servers or its routes.
 */
package dev.mcphub.dashboard;
