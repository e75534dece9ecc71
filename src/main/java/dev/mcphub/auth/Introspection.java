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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * RFC 7662 introspection of opaque access tokens, as the hub's own client at the issuer. Every answer, active
 * or not, is kept for a few seconds (by the token's hash, never the token), so a busy session does not ask for
 * every call while a revocation at the issuer still takes effect quickly, and a client repeating a bad token
 * costs the issuer one request. Callers presenting the same token at once share one request; and at most
 * {@link #PER_SECOND} requests a second go out at all, so that a flood of made-up tokens cannot turn the hub into
 * a flood at the issuer (beyond that an unknown token is refused, to try again a moment later).
 */
final class Introspection {
    private static final Duration KEEP = Duration.ofSeconds(10);
    private static final int MAX_KEPT = 10_000;
    static final int PER_SECOND = 20;

    private final URI endpoint;
    private final String clientId;
    private final String clientSecret;
    private final URI issuer;
    private final URI resource;
    private final HttpClient http;
    private final Clock clock;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Kept>> asking = new ConcurrentHashMap<>();
    private final Object window = new Object();
    private long windowSecond = Long.MIN_VALUE;
    private int askedInWindow;

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
        if (known == null || !now.isBefore(known.until())) {
            CompletableFuture<Kept> mine = new CompletableFuture<>();
            CompletableFuture<Kept> theirs = asking.putIfAbsent(key, mine);
            if (theirs != null) {
                known = theirs.join(); // Someone is asking about this very token: their answer is ours.
            } else {
                try {
                    known = learn(token, now);
                } catch (RuntimeException e) {
                    mine.completeExceptionally(e);
                    asking.remove(key, mine);
                    throw e;
                }
                if (known.until().isAfter(now)) {
                    keep(key, known, now);
                }
                mine.complete(known);
                asking.remove(key, mine);
            }
        }
        JsonNode answer = known.answer();
        if (answer == null) {
            throw new TokenRefused(known.refusal() == null ? "Access token is not active" : known.refusal());
        }
        return answer;
    }

    /** The issuer's word on a token (a refusal too), kept until {@code until}; not kept when it was not asked. */
    private Kept learn(String token, Instant now) {
        if (!mayAsk(now)) {
            return new Kept(
                    null, "Access token could not be introspected now: too many unknown tokens; try again", now);
        }
        JsonNode answer;
        try {
            answer = ask(token);
        } catch (TokenRefused e) {
            return new Kept(null, e.getMessage(), now); // The issuer did not answer: the next request asks again.
        }
        Instant until = now.plus(KEEP);
        if (answer.has("exp")) {
            Instant exp = Instant.ofEpochSecond(answer.get("exp").asLong());
            until = exp.isAfter(now) && exp.isBefore(until) ? exp : until;
        }
        try {
            check(answer, now);
            return new Kept(answer, null, until);
        } catch (TokenRefused e) {
            return new Kept(null, e.getMessage(), until);
        }
    }

    private boolean mayAsk(Instant now) {
        long second = now.getEpochSecond();
        synchronized (window) {
            if (second != windowSecond) {
                windowSecond = second;
                askedInWindow = 0;
            }
            return ++askedInWindow <= PER_SECOND;
        }
    }

    private void keep(String key, Kept known, Instant now) {
        if (kept.size() >= MAX_KEPT) {
            prune(now);
        }
        kept.put(key, known);
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

    /** An active token's answer, or why the token is refused. */
    private record Kept(@Nullable JsonNode answer, @Nullable String refusal, Instant until) {}
}
