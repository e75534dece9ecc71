package dev.mcphub.upstream.oauth;

import dev.mcphub.json.Json;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A token response, with when it was issued so that its expiry survives a restart. {@code toString} leaves
 * the tokens out, so that no log line can carry them by accident.
 *
 * @param refreshToken null when the server issued none
 * @param scope what was granted, or null when the server did not say
 * @param expiresAt null when the server gave no lifetime
 */
record Tokens(
        String accessToken, String tokenType, String refreshToken, String scope, Instant issuedAt, Instant expiresAt) {

    /** Reads a token response; null when it carries no usable bearer token. */
    static Tokens fromResponse(JsonNode response, Instant now, Tokens previous) {
        String access = Json.string(response, "access_token");
        String type = Json.string(response, "token_type");
        if (access == null || access.isEmpty() || type == null || !type.equalsIgnoreCase("bearer")) {
            return null;
        }
        JsonNode lifetime = response.get("expires_in");
        Instant expiresAt = lifetime != null && lifetime.canConvertToLong() && lifetime.asLong() > 0
                ? now.plusSeconds(lifetime.asLong())
                : null;
        String refresh = Json.string(response, "refresh_token");
        String scope = Json.string(response, "scope");
        // RFC 6749 §6: a refresh answer may keep the old refresh token and leave the scope unchanged.
        if (refresh == null && previous != null) {
            refresh = previous.refreshToken();
        }
        if (scope == null && previous != null) {
            scope = previous.scope();
        }
        return new Tokens(access, "Bearer", refresh, scope, now, expiresAt);
    }

    static Tokens fromJson(JsonNode stored) {
        if (stored == null || !stored.isObject() || Json.string(stored, "access_token") == null) {
            return null;
        }
        return new Tokens(
                Json.string(stored, "access_token"),
                "Bearer",
                Json.string(stored, "refresh_token"),
                Json.string(stored, "scope"),
                epoch(stored.get("issued_at")),
                epoch(stored.get("expires_at")));
    }

    /** The reference's shape (the token response) plus {@code issued_at} and {@code expires_at}, epoch seconds. */
    ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("access_token", accessToken);
        json.put("token_type", tokenType);
        if (expiresAt != null) {
            json.put("expires_in", Duration.between(issuedAt, expiresAt).toSeconds());
        }
        if (refreshToken != null) {
            json.put("refresh_token", refreshToken);
        }
        if (scope != null) {
            json.put("scope", scope);
        }
        if (issuedAt != null) {
            json.put("issued_at", issuedAt.getEpochSecond());
        }
        if (expiresAt != null) {
            json.put("expires_at", expiresAt.getEpochSecond());
        }
        return json;
    }

    String header() {
        return "Bearer " + accessToken;
    }

    /**
     * When to refresh: at 80% of the lifetime but at least a minute before expiry, and never before half of it
     * (so that a token of a few seconds is not refreshed in a loop). Null when the lifetime is unknown.
     */
    Instant refreshAt() {
        if (expiresAt == null || issuedAt == null) {
            return null;
        }
        long lifetime = Math.max(0, Duration.between(issuedAt, expiresAt).toMillis());
        long at = Math.max(lifetime / 2, Math.min(lifetime * 8 / 10, lifetime - 60_000));
        return issuedAt.plusMillis(at);
    }

    boolean expiresWithin(Duration margin, Instant now) {
        return expiresAt != null && !now.plus(margin).isBefore(expiresAt);
    }

    private static Instant epoch(JsonNode value) {
        return value != null && value.canConvertToLong() ? Instant.ofEpochSecond(value.asLong()) : null;
    }

    @Override
    public String toString() {
        return "Tokens[scope=" + scope + ", refreshable=" + (refreshToken != null) + ", expiresAt=" + expiresAt + "]";
    }
}
