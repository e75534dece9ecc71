package dev.mcphub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.testing.HubProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub refuses to listen beyond loopback without authentication, before it binds anything: the addresses
 * are the wildcard and one this machine really has, and the check happens before the port is opened.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ExposurePolicyIT {
    @TempDir
    Path dir;

    @Test
    void aNonLoopbackAddressWithoutAuthenticationIsRefusedInOneLineNamingTheOverride() throws Exception {
        List<String> hosts = new ArrayList<>(List.of("0.0.0.0"));
        PolicyTest.machineAddress().ifPresent(hosts::add);
        for (String host : hosts) {
            Result result = run("--host", host, "--port", "0", "--no-marketplace");
            assertThat(result.exit()).as(host).isEqualTo(1);
            assertThat(result.stderr().strip().lines().toList())
                    .as(host)
                    .hasSize(1)
                    .first()
                    .asString()
                    .startsWith("mcp-hub: refusing to listen on " + host)
                    .contains("--allow-unauthenticated");
        }
    }

    @Test
    void oauthOnAWildcardAddressWithoutItsPublicUrlIsRefused() throws Exception {
        Result result = run("--host", "0.0.0.0", "--auth-issuer", "http://127.0.0.1:9", "--no-marketplace");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.stderr()).contains("--auth-resource");
    }

    private record Result(int exit, String stderr) {}

    private Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(HubProcess.javaBinary(), "-jar", HubProcess.jar()));
        command.addAll(List.of(args));
        Path home = Files.createDirectories(dir.resolve("home"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("HOME", home.toString());
        builder.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
        builder.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
        builder.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        builder.environment().put("MCP_HUB_NO_BROWSER", "1");
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the hub did not refuse; it is running with " + String.join(" ", args));
        }
        return new Result(
                process.exitValue(), new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
