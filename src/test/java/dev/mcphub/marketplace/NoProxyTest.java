package dev.mcphub.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NoProxyTest {

    @Test
    void emptyOrMissingValueExemptsNothing() {
        assertThat(NoProxy.parse(null).bypasses("example.com", 443)).isFalse();
        assertThat(NoProxy.parse("").bypasses("example.com", 443)).isFalse();
        assertThat(NoProxy.parse(" , ").bypasses("example.com", 443)).isFalse();
    }

    @Test
    void starExemptsEveryHost() {
        assertThat(NoProxy.parse("*").bypasses("registry.example.org", 443)).isTrue();
        assertThat(NoProxy.parse("internal, *").bypasses("10.1.2.3", 80)).isTrue();
    }

    @Test
    void aDomainExemptsItselfAndItsSubdomainsButNotLookalikes() {
        NoProxy noProxy = NoProxy.parse("github.io");
        assertThat(noProxy.bypasses("github.io", 443)).isTrue();
        assertThat(noProxy.bypasses("ravitemer.github.io", 443)).isTrue();
        assertThat(noProxy.bypasses("notgithub.io", 443)).isFalse();
        assertThat(noProxy.bypasses("github.io.evil.com", 443)).isFalse();
    }

    @Test
    void leadingDotAndWildcardFormsMeanTheSameAsTheDomain() {
        for (String entry : new String[] {".example.com", "*.example.com"}) {
            NoProxy noProxy = NoProxy.parse(entry);
            assertThat(noProxy.bypasses("api.example.com", 443)).as(entry).isTrue();
            assertThat(noProxy.bypasses("example.com", 443)).as(entry).isTrue();
            assertThat(noProxy.bypasses("example.org", 443)).as(entry).isFalse();
        }
    }

    @Test
    void matchingIgnoresCaseAndATrailingDot() {
        assertThat(NoProxy.parse("Example.COM").bypasses("API.example.com.", 443))
                .isTrue();
    }

    @Test
    void entriesMaySeparateByCommasOrWhitespace() {
        NoProxy noProxy = NoProxy.parse("localhost, internal.corp\tother.org  ,,last.net");
        assertThat(noProxy.bypasses("localhost", 80)).isTrue();
        assertThat(noProxy.bypasses("a.internal.corp", 80)).isTrue();
        assertThat(noProxy.bypasses("other.org", 80)).isTrue();
        assertThat(noProxy.bypasses("last.net", 80)).isTrue();
        assertThat(noProxy.bypasses("github.com", 80)).isFalse();
    }

    @Test
    void aPortLimitsTheEntryToThatPort() {
        NoProxy noProxy = NoProxy.parse("example.com:8080,127.0.0.1:9000,[::1]:7000");
        assertThat(noProxy.bypasses("example.com", 8080)).isTrue();
        assertThat(noProxy.bypasses("example.com", 443)).isFalse();
        assertThat(noProxy.bypasses("127.0.0.1", 9000)).isTrue();
        assertThat(noProxy.bypasses("127.0.0.1", 9001)).isFalse();
        assertThat(noProxy.bypasses("[::1]", 7000)).isTrue();
        assertThat(noProxy.bypasses("::1", 7001)).isFalse();
    }

    @Test
    void ipLiteralsMatchByAddress() {
        NoProxy noProxy = NoProxy.parse("127.0.0.1,::1,[fe80::1]");
        assertThat(noProxy.bypasses("127.0.0.1", 80)).isTrue();
        assertThat(noProxy.bypasses("127.0.0.2", 80)).isFalse();
        assertThat(noProxy.bypasses("[0:0:0:0:0:0:0:1]", 80)).isTrue();
        assertThat(noProxy.bypasses("fe80:0::1", 80)).isTrue();
    }

    @Test
    void cidrBlocksMatchByPrefix() {
        NoProxy noProxy = NoProxy.parse("10.0.0.0/8,192.168.1.128/25,fd00::/8");
        assertThat(noProxy.bypasses("10.20.30.40", 80)).isTrue();
        assertThat(noProxy.bypasses("11.0.0.1", 80)).isFalse();
        assertThat(noProxy.bypasses("192.168.1.200", 80)).isTrue();
        assertThat(noProxy.bypasses("192.168.1.100", 80)).isFalse();
        assertThat(noProxy.bypasses("[fd12::5]", 80)).isTrue();
        assertThat(noProxy.bypasses("fe80::1", 80)).isFalse();
    }

    @Test
    void anIpEntryDoesNotMatchAHostNameThatLooksLikeIt() {
        assertThat(NoProxy.parse("127.0.0.1").bypasses("localhost", 80)).isFalse();
        assertThat(NoProxy.parse("10.0.0.0/8").bypasses("10.example.com", 80)).isFalse();
    }

    @Test
    void malformedEntriesAreSkippedNotFatal() {
        NoProxy noProxy = NoProxy.parse("example.com:http,10.0.0.0/99,999.1.1.1,host/path,good.org");
        assertThat(noProxy.bypasses("example.com", 80)).isFalse();
        assertThat(noProxy.bypasses("10.1.1.1", 80)).isFalse();
        assertThat(noProxy.bypasses("good.org", 80)).isTrue();
    }
}
