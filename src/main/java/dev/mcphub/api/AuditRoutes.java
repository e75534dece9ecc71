package dev.mcphub.api;

import dev.mcphub.audit.AuditTrail;
import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code GET /api/audit?since=&server=&who=&limit=}: the audit trail, newest last (admin only). */
final class AuditRoutes {
    private static final int DEFAULT_LIMIT = 1_000;
    private final AuditTrail trail;

    AuditRoutes(AuditTrail trail) {
        this.trail = trail;
    }

    List<Route> routes() {
        return List.of(new Route("GET", "/api/audit", "The audit trail (?since=&server=&who=&limit=)", this::query));
    }

    private JsonNode query(ApiRequest request) throws Exception {
        Instant since = since(request.query("since"));
        int limit = limit(request.query("limit"));
        ObjectNode out = Json.object();
        out.put("enabled", trail.on());
        out.put("file", trail.file().toString());
        out.set("entries", Json.array(trail.query(since, request.query("server"), request.query("who"), limit)));
        return out;
    }

    /** An instant ({@code 2026-12-03T08:00:00Z}) or an age ({@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}). */
    static Instant since(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.matches("\\d+[smhd]")) {
                long n = Long.parseLong(value.substring(0, value.length() - 1));
                Duration age = switch (value.charAt(value.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
                return Instant.now().minus(age);
            }
            return Instant.parse(value);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new HubException(
                    ErrorCode.VALIDATION_ERROR,
                    "Invalid 'since': '" + value + "' (an instant such as 2026-12-03T08:00:00Z, or an age such as 15m)",
                    Map.of("field", "since"));
        }
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit > 0 && limit <= 100_000) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new HubException(
                ErrorCode.VALIDATION_ERROR, "Invalid 'limit': '" + value + "' (1 to 100000)", Map.of("field", "limit"));
    }
}
