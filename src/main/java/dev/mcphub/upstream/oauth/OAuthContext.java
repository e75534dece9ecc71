package dev.mcphub.upstream.oauth;

import java.net.URI;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What every server's OAuth session shares: the token file, the HTTP exchanges, the refresh timers, and who
 * counts refreshes ({@code refreshes} hears true for a refreshed token, false for a refresh that failed).
 */
record OAuthContext(
        OAuthStore store,
        Discovery discovery,
        ClientRegistration registration,
        TokenEndpoint tokenEndpoint,
        ScheduledExecutorService timers,
        Supplier<URI> hubBase,
        Consumer<Boolean> refreshes) {

    /** The reference's redirect URI: the hub's callback, naming the server. */
    String redirectUri(String server) {
        String base = hubBase.get().toString();
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return trimmed + "/api/oauth/callback?server_name=" + OAuthHttp.encode(server);
    }
}
