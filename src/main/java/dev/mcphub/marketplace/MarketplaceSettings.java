package dev.mcphub.marketplace;

import dev.mcphub.config.HubDirs;
import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the marketplace reaches its sources and keeps its cache.
 *
 * @param enabled false with {@code --no-marketplace}: no outbound request at all, an empty catalogue
 * @param registryUrl the registry JSON ({@code --marketplace-url}, {@code MCP_HUB_MARKETPLACE_URL})
 * @param githubRawUrl the base READMEs are read from ({@code --github-raw-url}), so tests and mirrors work
 * @param ttl how long a fetched registry or README counts as fresh
 * @param cacheDir where {@code registry.json} is kept
 * @param connectTimeout bound on opening a connection (to the source or the proxy)
 * @param requestTimeout bound on a whole request, body included
 * @param maxBodyBytes larger responses are aborted while streaming
 */
public record MarketplaceSettings(
        boolean enabled,
        URI registryUrl,
        URI githubRawUrl,
        Duration ttl,
        Path cacheDir,
        Duration connectTimeout,
        Duration requestTimeout,
        long maxBodyBytes) {

    public static final URI DEFAULT_REGISTRY_URL = URI.create("https://ravitemer.github.io/mcp-registry/registry.json");
    public static final URI DEFAULT_GITHUB_RAW_URL = URI.create("https://raw.githubusercontent.com");
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** The real registry is a few hundred kilobytes; 16 MiB leaves room to grow and still bounds memory. */
    public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;

    static final String URL_ENV = "MCP_HUB_MARKETPLACE_URL";

    public MarketplaceSettings {
        Objects.requireNonNull(registryUrl, "registryUrl");
        Objects.requireNonNull(githubRawUrl, "githubRawUrl");
        Objects.requireNonNull(cacheDir, "cacheDir");
        requirePositive(ttl, "ttl");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
        }
    }

    /** The defaults: the public registry and GitHub, cached in the hub's cache directory. */
    public static MarketplaceSettings defaults(HubDirs dirs) {
        return new MarketplaceSettings(
                true,
                DEFAULT_REGISTRY_URL,
                DEFAULT_GITHUB_RAW_URL,
                DEFAULT_TTL,
                dirs.cache(),
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_MAX_BODY_BYTES);
    }

    /**
     * The settings from the command line and environment. A flag wins over {@code MCP_HUB_MARKETPLACE_URL};
     * blank values count as absent.
     *
     * @param urlFlag {@code --marketplace-url}, or null
     * @param githubRawFlag {@code --github-raw-url}, or null
     * @param disabled {@code --no-marketplace}
     * @throws HubException CONFIG_ERROR naming the flag or variable when a URL is not absolute http(s)
     */
    public static MarketplaceSettings from(
            HubDirs dirs, Map<String, String> env, String urlFlag, String githubRawFlag, boolean disabled) {
        MarketplaceSettings defaults = defaults(dirs);
        URI registry = defaults.registryUrl;
        if (!isBlank(urlFlag)) {
            registry = httpUrl("--marketplace-url", urlFlag);
        } else if (!isBlank(env.get(URL_ENV))) {
            registry = httpUrl(URL_ENV, env.get(URL_ENV));
        }
        URI githubRaw = isBlank(githubRawFlag) ? defaults.githubRawUrl : httpUrl("--github-raw-url", githubRawFlag);
        return new MarketplaceSettings(
                !disabled,
                registry,
                githubRaw,
                defaults.ttl,
                defaults.cacheDir,
                defaults.connectTimeout,
                defaults.requestTimeout,
                defaults.maxBodyBytes);
    }

    /** The cache file, in the reference's shape so an existing Node hub's cache is reused. */
    Path cacheFile() {
        return cacheDir.resolve("registry.json");
    }

    private static URI httpUrl(String source, String value) {
        try {
            URI uri = new URI(value.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below with the source's name
        }
        throw new HubException(
                ErrorCode.CONFIG_ERROR,
                source + " must be an absolute http:// or https:// URL, got: " + value,
                Map.of("field", source, "value", value));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration: " + value);
        }
    }
}
