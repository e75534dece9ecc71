package dev.mcphub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.NetworkInterface;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyTest {
    @TempDir
    Path dir;

    private AuthSettings none() {
        return new AuthSettings(
                null, null, null, null, null, null, dir.resolve("api-keys.json"), true, Duration.ofSeconds(30), null);
    }

    @Test
    void loopbackWithoutAuthenticationStartsAsToday() {
        assertThat(Policy.refusal("127.0.0.1", none(), false)).isNull();
        assertThat(Policy.refusal("localhost", none(), false)).isNull();
        assertThat(Policy.refusal("::1", none(), false)).isNull();
    }

    @Test
    void anyOtherAddressWithoutAuthenticationIsRefusedNamingTheOverride() {
        assertThat(Policy.refusal("0.0.0.0", none(), false)).contains("--allow-unauthenticated");
        assertThat(Policy.refusal("0.0.0.0", none(), true)).isNull();
        machineAddress()
                .ifPresent(address ->
                        assertThat(Policy.refusal(address, none(), false)).contains("--allow-unauthenticated"));
    }

    @Test
    void oauthOnAWildcardAddressNeedsThePublicUrl() {
        AuthSettings oauth = new AuthSettings(
                URI.create("https://issuer.example"),
                null,
                null,
                null,
                null,
                null,
                dir.resolve("api-keys.json"),
                true,
                Duration.ofSeconds(30),
                null);
        assertThat(Policy.refusal("0.0.0.0", oauth, false)).contains("--auth-resource");
    }

    /** A non-loopback address this machine has, judged without binding it. */
    static Optional<String> machineAddress() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                    .map(a -> a.getHostAddress())
                    .findFirst();
        } catch (java.net.SocketException e) {
            return Optional.empty();
        }
    }
}
