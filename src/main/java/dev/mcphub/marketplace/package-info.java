/**
 * The marketplace: the catalogue of installable MCP servers from the public registry, and each entry's
 * README from GitHub. It owns the registry cache file (one-hour TTL, atomic writes, stale copies served when
 * the registry cannot be reached), the outbound HTTP client (proxy variables, timeouts, a body-size cap) and
 * the filtering and sorting of the catalogue. It knows nothing of the REST routes that present it, of the
 * hub or of upstream servers; warnings reach the hub through a callback.
 */
package dev.mcphub.marketplace;
