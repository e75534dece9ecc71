package dev.mcphub.hub;

import dev.mcphub.config.Placeholders;
import dev.mcphub.upstream.UpstreamSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How the hub runs its servers.
 *
 * @param readyTimeout the longest the hub waits for servers before it says {@code ready}; slower servers
 *     go on connecting and report through events
 * @param commandTimeout how long a REST start waits for the server's connect attempt to end
 * @param upstream how each upstream connects
 * @param placeholders what {@code ${...}} placeholders resolve against
 * @param environment the hub's own environment (children get a safe part of it)
 * @param overridesFile where API enable/disable decisions are kept across restarts, or null for nowhere
 */
public record HubSettings(
        Duration readyTimeout,
        Duration commandTimeout,
        UpstreamSettings upstream,
        Placeholders.Context placeholders,
        Map<String, String> environment,
        Path overridesFile) {}
