package dev.mcphub.hub;

import dev.mcphub.config.ServerConfig;
import dev.mcphub.upstream.Capabilities;
import dev.mcphub.upstream.UpstreamState;
import java.time.Instant;

/**
 * One server as the hub shows it: its config, its state and when it last started.
 *
 * @param override what the API has set that overrides the config's {@code disabled}: "enabled",
 *     "disabled", or null when the config rules
 */
public record ServerView(ServerConfig config, UpstreamState state, Instant lastStarted, String override) {

    public String name() {
        return config.name();
    }

    public boolean isConnected() {
        return state instanceof UpstreamState.Connected;
    }

    /** The lists of a connected server; empty in every other state. */
    public Capabilities capabilities() {
        return state instanceof UpstreamState.Connected connected ? connected.capabilities() : Capabilities.EMPTY;
    }
}
