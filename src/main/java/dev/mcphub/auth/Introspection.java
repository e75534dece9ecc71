package dev.mcphub.auth;

import dev.mcphub.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * RFC 7662 introspection of opaque access tokens, as the hub's own client at the issuer. An active answer
 * is kept for a few seconds (by the token's hash, never the token), so a busy session does not ask for every
 * call while a revocation at the issuer still takes effect quickly.
 */
final class Introspection {
    private static final Duration KEEP = Duration.ofSeconds(10);
    private static final int MAX_KEPT = 10_000;

    private final URI endpoint;
    private final String clientId;
    private final String clientSecret;
    private final URI issuer;
    private final URI resource;
    private final HttpClient http;
    private final Clock clock;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    Introspection(
            URI endpoint,
            String clientId,
            String clientSecret,
            URI issuer,
            URI resource,
            HttpClient http,
            Clock clock) {
        this.endpoint = endpoint;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.issuer = issuer;
        this.resource = resource;
        this.http = http;
        this.clock = clock;
    }

    /** The introspection answer of an active token for this hub. */
    JsonNode verify(String token) throws TokenRefused {
        String key = ApiKeys.hash(token);
        Instant now = clock.instant();
        Kept known = kept.get(key);
        if (known != null && now.isBefore(known.until())) {
            return known.answer();
        }
        JsonNode answer = ask(token);
        check(answer, now);
        Instant until = now.plus(KEEP);
        if (answer.has("exp")) {
            Instant exp = Instant.ofEpochSecond(answer.get("exp").asLong());
            until = exp.isBefore(until) ? exp : until;
        }
        if (kept.size() >= MAX_KEPT) {
            prune(now);
        }
        kept.put(key, new Kept(answer, until));
        return answer;
    }

    private void check(JsonNode answer, Instant now) throws TokenRefused {
        if (!answer.path("active").asBoolean(false)) {
            throw new TokenRefused("Access token is not active");
        }
        if (answer.has("exp")
                && !now.isBefore(Instant.ofEpochSecond(answer.get("exp").asLong()))) {
            throw new TokenRefused("Access token has expired");
        }
        String iss = Json.string(answer, "iss");
        if (issuer != null
                && iss != null
                && !issuer.toString().replaceAll("/+$", "").equals(iss.replaceAll("/+$", ""))) {
            throw new TokenRefused("Access token was issued by another issuer");
        }
        JsonNode aud = answer.get("aud");
        if (aud != null && !aud.isNull()) {
            boolean ours = false;
            for (JsonNode value : aud.isArray() ? Json.elements(aud) : java.util.List.of(aud)) {
                ours |= JwtTokens.audiences(resource).contains(value.asString(""));
            }
            if (!ours) {
                throw new TokenRefused("Access token is not meant for this hub (audience)");
            }
        }
    }

    private JsonNode ask(String token) throws TokenRefused {
        String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&token_type_hint=access_token";
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (clientId != null) {
            String credentials = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                    + URLEncoder.encode(clientSecret == null ? "" : clientSecret, StandardCharsets.UTF_8);
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new TokenRefused("Access token could not be introspected (HTTP " + response.statusCode() + ")");
            }
            return Json.parse(response.body());
        } catch (IOException | RuntimeException e) {
            throw new TokenRefused("Access token could not be introspected: the issuer did not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenRefused("Access token could not be introspected");
        }
    }

    private void prune(Instant now) {
        for (Iterator<Kept> it = kept.values().iterator(); it.hasNext(); ) {
            if (!now.isBefore(it.next().until())) {
                it.remove();
            }
        }
        if (kept.size() >= MAX_KEPT) {
            kept.clear();
        }
    }

    private record Kept(JsonNode answer, Instant until) {}
}
