package dev.mcphub.marketplace;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Chooses the proxy from the variables users already set for curl and friends: {@code HTTPS_PROXY} for
 * https URLs, {@code HTTP_PROXY} for http URLs, both exempted by {@code NO_PROXY}; the lower-case spelling
 * wins when both are set. A value may omit the scheme ({@code proxy:3128}). Only plain-HTTP proxies are
 * supported, as by the JDK client; a value it cannot use is reported once and ignored.
 */
final class EnvironmentProxySelector extends ProxySelector {
    private static final List<Proxy> DIRECT = List.of(Proxy.NO_PROXY);

    private final List<Proxy> httpsProxy;
    private final List<Proxy> httpProxy;
    private final NoProxy noProxy;

    private EnvironmentProxySelector(List<Proxy> httpsProxy, List<Proxy> httpProxy, NoProxy noProxy) {
        this.httpsProxy = httpsProxy;
        this.httpProxy = httpProxy;
        this.noProxy = noProxy;
    }

    /** The selector for {@code env}; {@code onWarning} hears of values that are ignored. */
    static EnvironmentProxySelector from(Map<String, String> env, Consumer<String> onWarning) {
        return new EnvironmentProxySelector(
                proxy(env, "https_proxy", onWarning),
                proxy(env, "http_proxy", onWarning),
                NoProxy.parse(variable(env, "no_proxy")));
    }

    @Override
    public List<Proxy> select(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        List<Proxy> proxy = switch (scheme) {
            case "https", "wss" -> httpsProxy;
            case "http", "ws" -> httpProxy;
            default -> DIRECT;
        };
        if (proxy == DIRECT || uri.getHost() == null) {
            return DIRECT;
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
        return noProxy.bypasses(uri.getHost(), port) ? DIRECT : proxy;
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // Nothing to fall back to: the request fails and the marketplace reports why.
    }

    private static List<Proxy> proxy(Map<String, String> env, String name, Consumer<String> onWarning) {
        String value = variable(env, name);
        if (value == null) {
            return DIRECT;
        }
        String upperName = name.toUpperCase(Locale.ROOT);
        try {
            URI uri = new URI(value.contains("://") ? value : "http://" + value);
            if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                onWarning.accept(upperName + " is ignored: only http:// proxies are supported, got " + redact(uri));
                return DIRECT;
            }
            if (uri.getRawUserInfo() != null) {
                // The JDK client does not send Basic credentials when tunnelling https through a proxy.
                onWarning.accept(upperName + ": proxy credentials are not supported and are not sent");
            }
            int port = uri.getPort() == -1 ? 80 : uri.getPort();
            // Unresolved: the proxy's name is looked up when connecting, not on every selection.
            return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(uri.getHost(), port)));
        } catch (URISyntaxException e) {
            onWarning.accept(upperName + " is ignored: not a valid proxy URL");
            return DIRECT;
        }
    }

    private static String variable(Map<String, String> env, String lowerName) {
        String value = env.get(lowerName);
        if (value == null || value.isBlank()) {
            value = env.get(lowerName.toUpperCase(Locale.ROOT));
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String redact(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }
}
