/**
 * JSON-RPC 2.0 messages as MCP frames them: requests, notifications and responses over JSON trees, so that
 * params and results pass through the hub without being re-modelled. Shared by the upstream client and the
 * downstream MCP endpoint; it knows nothing of transports, servers or sessions.
 */
package dev.mcphub.jsonrpc;
