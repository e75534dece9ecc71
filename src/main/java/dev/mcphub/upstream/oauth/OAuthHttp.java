package dev.mcphub.upstream.oauth;

import dev.mcphub.http.OutboundClient;
import dev.mcphub.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The few HTTP exchanges of OAuth: JSON documents fetched by GET, JSON and form POSTs. Bodies are bounded;
 * redirects are followed for GETs only (a POST carrying a code or a refresh token goes nowhere else).
 */
final class OAuthHttp implements AutoCloseable {
    private static final int MAX_BODY_BYTES = 256 * 1024;
    private static final int MAX_REDIRECTS = 3;

    /** An HTTP answer: the status and the body as JSON, or null when it was not a JSON object. */
    record Answer(int status, JsonNode json) {
        boolean ok() {
            return status / 100 == 2 && json != null;
        }
    }

    private final Duration timeout;
    private HttpClient http;

    OAuthHttp(Duration timeout) {
        this.timeout = timeout;
    }

    /** Made on first use: a hub without OAuth servers never pays for the TLS set-up. */
    private synchronized HttpClient http() {
        if (http == null) {
            http = OutboundClient.withConnectTimeout(timeout)
                    .redirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        return http;
    }

    Answer get(URI uri) throws IOException {
        URI target = uri;
        for (int hop = 0; ; hop++) {
            HttpResponse<InputStream> response =
                    send(request(target).header("Accept", "application/json").GET());
            String location = response.headers().firstValue("Location").orElse(null);
            if (response.statusCode() / 100 == 3 && location != null && hop < MAX_REDIRECTS) {
                response.body().close();
                target = target.resolve(location);
                continue;
            }
            return answer(response);
        }
    }

    Answer postJson(URI uri, JsonNode body) throws IOException {
        return answer(send(request(uri)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))));
    }

    /** A form POST; {@code basicAuth} is the client id and secret for HTTP Basic, or null. */
    Answer postForm(URI uri, Map<String, String> form, String[] basicAuth) throws IOException {
        HttpRequest.Builder request = request(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form)));
        if (basicAuth != null) {
            // RFC 6749 §2.3.1: each part form-encoded before the Basic encoding.
            String pair = encode(basicAuth[0]) + ":" + encode(basicAuth[1]);
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return answer(send(request));
    }

    static String formBody(Map<String, String> form) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((name, value) -> {
            if (value != null) {
                body.add(encode(name) + "=" + encode(value));
            }
        });
        return body.toString();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(timeout);
    }

    private HttpResponse<InputStream> send(HttpRequest.Builder request) throws IOException {
        try {
            return http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static Answer answer(HttpResponse<InputStream> response) throws IOException {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_BODY_BYTES);
        }
        JsonNode json = null;
        try {
            JsonNode parsed = body.length == 0 ? null : Json.parse(body);
            json = parsed != null && parsed.isObject() ? parsed : null;
        } catch (JacksonException e) {
            // Not JSON: the status says what went wrong.
        }
        return new Answer(response.statusCode(), json);
    }

    /** Aborts what is under way rather than waiting for it: closing the hub must not wait on a slow server. */
    @Override
    public void close() {
        HttpClient client;
        synchronized (this) {
            client = http;
        }
        if (client != null) {
            client.shutdownNow();
        }
    }
}
