/**
 * The REST API under {@code /api}: a table of routes (method, path, description, handler), the request and
 * response shapes of the reference, and the one place where error codes become HTTP statuses. It knows
 * the hub's snapshot and commands, never an upstream transport. Beyond the reference, the routes the dashboard
 * needs: a tool call streamed with its progress and cancel, stderr lines, call statistics, and the config by file
 * with validate and save; those that change something need the page's token ({@code X-MCP-Hub-Token}). Which
 * route needs which permission, the per-server limit of a caller and the audit lines of calls and admin actions
 * are {@code RestAccess}'s alone: handlers see the caller's {@code Access} only to leave out servers it may not
 * see.
 */
package dev.mcphub.api;
