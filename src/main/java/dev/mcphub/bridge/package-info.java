/**
 * The hub over stdio ({@code mcp-hub --stdio}): for MCP clients that can only spawn a process, a small
 * bridge that speaks MCP on its standard input and output and passes every message to a running hub's
 * Streamable HTTP endpoint, attaching to the hub already running for the same config (found in the
 * workspace registry) or starting one. It owns the bridge process's streams and its one MCP session with the
 * hub; it knows nothing of the hub's insides, only its HTTP endpoints and the registry file, so it loads
 * in a fraction of the hub's start-up time.
 */
package dev.mcphub.bridge;
