/**
 * The REST API under {@code /api}: a table of routes (method, path, description, handler), the request and
 * response shapes of the reference, and the one place where error codes become HTTP statuses. It knows
 * the hub's snapshot and commands, never an upstream transport.
 */
package dev.mcphub.api;
