package dev.mcphub.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentProxySelectorTest {
    private final List<String> warnings = new ArrayList<>();

    private Proxy select(Map<String, String> env, String uri) {
        List<Proxy> proxies = EnvironmentProxySelector.from(env, warnings::add).select(URI.create(uri));
        assertThat(proxies).hasSize(1);
        return proxies.get(0);
    }

    private static String address(Proxy proxy) {
        InetSocketAddress address = (InetSocketAddress) proxy.address();
        return address.getHostString() + ":" + address.getPort();
    }

    @Test
    void withoutVariablesEveryRequestGoesDirect() {
        assertThat(select(Map.of(), "https://ravitemer.github.io/x")).isEqualTo(Proxy.NO_PROXY);
    }

    @Test
    void httpsUrlsUseHttpsProxyAndHttpUrlsUseHttpProxy() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://secure:3128", "HTTP_PROXY", "http://plain:8080");
        assertThat(address(select(env, "https://example.com/r.json"))).isEqualTo("secure:3128");
        assertThat(address(select(env, "http://example.com/r.json"))).isEqualTo("plain:8080");
        assertThat(select(env, "https://example.com/").type()).isEqualTo(Proxy.Type.HTTP);
    }

    @Test
    void anHttpProxyAloneDoesNotCoverHttpsUrls() {
        assertThat(select(Map.of("HTTP_PROXY", "http://plain:8080"), "https://example.com/"))
                .isEqualTo(Proxy.NO_PROXY);
    }

    @Test
    void lowerCaseSpellingWinsOverUpperCase() {
        Map<String, String> env = Map.of("https_proxy", "http://lower:1", "HTTPS_PROXY", "http://upper:2");
        assertThat(address(select(env, "https://example.com/"))).isEqualTo("lower:1");
        assertThat(address(select(Map.of("https_proxy", " ", "HTTPS_PROXY", "http://upper:2"), "https://x.org/")))
                .isEqualTo("upper:2");
    }

    @Test
    void aValueWithoutSchemeOrPortGetsHttpAndPort80() {
        assertThat(address(select(Map.of("HTTPS_PROXY", "proxy.corp:3128"), "https://x.org/")))
                .isEqualTo("proxy.corp:3128");
        assertThat(address(select(Map.of("HTTPS_PROXY", "http://proxy.corp"), "https://x.org/")))
                .isEqualTo("proxy.corp:80");
    }

    @Test
    void noProxyExemptsMatchingHostsInEitherSpelling() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://p:1", "no_proxy", "github.io,localhost");
        assertThat(select(env, "https://ravitemer.github.io/mcp-registry/registry.json"))
                .isEqualTo(Proxy.NO_PROXY);
        assertThat(address(select(env, "https://raw.githubusercontent.com/a/b/main/README.md")))
                .isEqualTo("p:1");
        assertThat(select(Map.of("HTTPS_PROXY", "http://p:1", "NO_PROXY", "*"), "https://x.org/"))
                .isEqualTo(Proxy.NO_PROXY);
    }

    @Test
    void noProxyPortsUseTheSchemesDefaultPort() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://p:1", "NO_PROXY", "x.org:443");
        assertThat(select(env, "https://x.org/")).isEqualTo(Proxy.NO_PROXY);
        assertThat(address(select(env, "https://x.org:8443/"))).isEqualTo("p:1");
    }

    @Test
    void unsupportedProxySchemesAreIgnoredWithAWarning() {
        assertThat(select(Map.of("HTTPS_PROXY", "socks5://p:1080"), "https://x.org/"))
                .isEqualTo(Proxy.NO_PROXY);
        assertThat(warnings).singleElement().asString().contains("HTTPS_PROXY", "socks5");
    }

    @Test
    void credentialsInTheProxyUrlAreReportedAndNotEchoed() {
        select(Map.of("HTTPS_PROXY", "http://user:secret@p:3128"), "https://x.org/");
        assertThat(warnings).singleElement().asString().contains("credentials").doesNotContain("secret");
    }
}
