package dev.mcphub.marketplace;

import dev.mcphub.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Where the marketplace's data comes from: the registry document and the READMEs on GitHub. */
final class RegistrySource {

    /** Why a fetch failed, in words for the user. */
    static final class FetchException extends Exception {
        FetchException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The outcome of a README lookup. */
    sealed interface ReadmeLookup {
        /** The README's text. */
        record Found(String content) implements ReadmeLookup {}

        /** A definite answer that there is none: not a GitHub repository, or 404 on every branch. */
        record Absent() implements ReadmeLookup {}

        /** No answer this time (network, timeout, a 5xx); a cached README may still serve. */
        record Failed(String reason) implements ReadmeLookup {}
    }

    private static final List<String> BRANCHES = List.of("main", "master");

    private final OutboundHttp http;
    private final URI registryUrl;
    private final URI githubRawUrl;

    RegistrySource(OutboundHttp http, URI registryUrl, URI githubRawUrl) {
        this.http = http;
        this.registryUrl = registryUrl;
        this.githubRawUrl = githubRawUrl;
    }

    /** The registry document, checked to have a {@code servers} array. */
    JsonNode fetchRegistry() throws FetchException {
        OutboundHttp.Response response;
        try {
            response = http.get(registryUrl, "application/json");
        } catch (IOException e) {
            throw new FetchException("registry " + registryUrl + " could not be fetched: " + describe(e), e);
        }
        if (response.status() != 200) {
            throw new FetchException("registry " + registryUrl + " answered HTTP " + response.status(), null);
        }
        JsonNode registry;
        try {
            registry = Json.parse(response.body());
        } catch (JacksonException e) {
            throw new FetchException(
                    "registry " + registryUrl + " answered something that is not JSON: " + e.getOriginalMessage(), e);
        }
        try {
            CacheContent.checkRegistry(registry);
        } catch (IllegalArgumentException e) {
            throw new FetchException("registry " + registryUrl + ": " + e.getMessage(), e);
        }
        return registry;
    }

    /** The README of a registry entry's GitHub repository, from {@code main} or else {@code master}. */
    ReadmeLookup fetchReadme(JsonNode entry) {
        Optional<String> repository = githubRepository(Json.string(entry, "url"));
        if (repository.isEmpty()) {
            return new ReadmeLookup.Absent();
        }
        for (String branch : BRANCHES) {
            URI uri = readmeUri(repository.get(), branch);
            try {
                OutboundHttp.Response response = http.get(uri, "text/plain, text/markdown, */*");
                if (response.status() == 200) {
                    return new ReadmeLookup.Found(new String(response.body(), StandardCharsets.UTF_8));
                }
                if (response.status() != 404) {
                    return new ReadmeLookup.Failed(uri + " answered HTTP " + response.status());
                }
            } catch (IOException e) {
                return new ReadmeLookup.Failed(uri + " could not be fetched: " + describe(e));
            }
        }
        return new ReadmeLookup.Absent();
    }

    /**
     * {@code owner/repo} of a {@code https://github.com/owner/repo[.git][/...]} URL, else empty.
     */
    static Optional<String> githubRepository(String url) {
        if (url == null) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!host.equals("github.com") && !host.equals("www.github.com") || uri.getRawPath() == null) {
            return Optional.empty();
        }
        // Raw (still percent-encoded) segments, so they can be put into the README URL as they are.
        String[] parts = uri.getRawPath().split("/");
        if (parts.length < 3) {
            return Optional.empty();
        }
        String owner = parts[1];
        String repo = parts[2].endsWith(".git") ? parts[2].substring(0, parts[2].length() - 4) : parts[2];
        return isName(owner) && isName(repo) ? Optional.of(owner + "/" + repo) : Optional.empty();
    }

    private static boolean isName(String segment) {
        return !segment.isEmpty() && !segment.equals(".") && !segment.equals("..");
    }

    private URI readmeUri(String repository, String branch) {
        String base = githubRawUrl.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + repository + "/" + branch + "/README.md");
    }

    /** The most useful words of a failure: JDK network exceptions often carry the reason in a cause. */
    static String describe(Throwable failure) {
        if (failure instanceof BoundedBody.TooLargeException || failure instanceof HttpTimeoutException) {
            return failure.getMessage();
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                // The type says what kind of failure it was (UnknownHostException: name), unless it is generic.
                return t.getClass() == IOException.class
                        ? t.getMessage()
                        : t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return failure instanceof ConnectException
                ? "could not connect (ConnectException)"
                : failure.getClass().getSimpleName();
    }
}
