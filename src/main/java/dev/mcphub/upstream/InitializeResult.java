package dev.mcphub.upstream;

import tools.jackson.databind.JsonNode;

/** What a server said about itself when the connection was initialized. */
public record InitializeResult(
        String protocolVersion, JsonNode capabilities, JsonNode serverInfo, String instructions) {

    public boolean supports(String capability) {
        return capabilities != null && capabilities.has(capability);
    }
}
