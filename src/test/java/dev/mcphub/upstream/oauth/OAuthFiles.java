package dev.mcphub.upstream.oauth;

import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/** Where a test hub keeps its OAuth tokens, and what is in there. */
final class OAuthFiles {
    private OAuthFiles() {}

    static Path storage(HubProcess hub) {
        return hub.home().resolve("data/mcp-hub/oauth-storage.json");
    }

    /** The stored tokens of a server URL, or null when there are none. */
    static JsonNode tokens(HubProcess hub, String serverUrl) throws IOException {
        Path file = storage(hub);
        if (!Files.exists(file)) {
            return null;
        }
        JsonNode tokens = Json.parse(Files.readString(file)).path(serverUrl).get("tokens");
        return tokens == null || tokens.isNull() ? null : tokens;
    }
}
