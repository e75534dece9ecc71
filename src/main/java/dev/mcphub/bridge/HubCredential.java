package dev.mcphub.bridge;

import java.net.http.HttpRequest;

/**
 * The API key the bridge shows a hub that asks for credentials: {@code MCP_HUB_API_KEY} from the environment
 * (the client's config for {@code mcp-hub --stdio} sets it), never a flag, which {@code ps} would show.
 */
final class HubCredential {
    private static final String KEY = System.getenv("MCP_HUB_API_KEY");

    private HubCredential() {}

    static HttpRequest.Builder apply(HttpRequest.Builder request) {
        if (KEY != null && !KEY.isBlank()) {
            request.header("Authorization", "Bearer " + KEY.trim());
        }
        return request;
    }
}
