/**
 * The one exception type of the hub and its error codes. It owns the vocabulary of failures (what went
 * wrong, for which server and field) and must not know how a boundary presents them: the REST API maps a
 * code to an HTTP status in one place, the MCP endpoint maps it to a JSON-RPC error.
 */
package dev.mcphub.error;
