/**
 * The user's MCP config: reading the JSON files people already write for their MCP clients (comments and
 * trailing commas allowed, {@code mcpServers} or VS Code's {@code servers}), merging several files,
 * validating every entry, resolving {@code ${...}} placeholders, the diff between two configs, and
 * watching the files. It owns the config records and knows nothing of processes, connections or HTTP.
 */
package dev.mcphub.config;
