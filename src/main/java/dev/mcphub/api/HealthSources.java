package dev.mcphub.api;

import tools.jackson.databind.JsonNode;

/**
 * What {@code /api/health} reports of the parts beside the REST API, given by whoever wires the hub
 * together so that this package depends on none of them.
 */
public interface HealthSources {
    /** {@code {totalConnections, connections:[...]}} of the event stream. */
    JsonNode eventConnections();

    int eventClients();

    /** {@code {activeClients, registeredCapabilities:{...}, totalCapabilities}} of the MCP endpoint. */
    JsonNode mcpEndpoint();

    /** {@code {current, allActive}} of the workspace registry. */
    JsonNode workspaces();

    /** Every running hub's workspace entry by port ({@code GET /api/workspaces}); may fail with WORKSPACE_ERROR. */
    JsonNode allWorkspaces();
}
