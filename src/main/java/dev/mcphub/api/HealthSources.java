package dev.mcphub.api;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What {@code /api/health} reports of the parts beside the REST API, given as data by whoever wires the hub
 * together so that this package depends on none of them. The health body itself is built in one place,
 * {@link HubRoutes}.
 */
public interface HealthSources {
    /** How many clients the event stream has. */
    int eventClients();

    /** The event stream's clients, for {@code connections}. */
    List<EventClient> eventConnections();

    /** How many client sessions the MCP endpoint has. */
    int mcpClients();

    /** This hub's key in the workspaces file: its port. */
    String currentWorkspace();

    /** Every running hub's workspace entry by port ({@code GET /api/workspaces}); may fail with WORKSPACE_ERROR. */
    JsonNode allWorkspaces();

    /** One client of the event stream. {@code lastEventAt} is null before the first event. */
    record EventClient(String id, boolean connected, Instant connectedAt, Instant lastEventAt) {}
}
