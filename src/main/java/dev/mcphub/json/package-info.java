/**
 * The JSON mapper every package shares (Jackson 3) and small helpers to build and read JSON trees. It
 * knows nothing of MCP or HTTP.
 */
package dev.mcphub.json;
