package dev.mcphub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.OfflineHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliIT {
    @TempDir
    Path dir;

    @Test
    void versionPrintsTheVersionAndExitsZero() throws Exception {
        Result result = run("--version");
        assertThat(result.exit()).isZero();
        assertThat(result.stdout()).matches("\\d+\\.\\d+\\.\\d+.*\\n?");
    }

    @Test
    void anUnknownFlagPrintsOneLineAndExitsTwo() throws Exception {
        Result result = run("--no-such-flag");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.stderr().strip().lines())
                .hasSize(1)
                .first()
                .asString()
                .contains("--no-such-flag");
    }

    @Test
    void anInvalidConfigPrintsOneLineNamingTheFileAndExitsOne() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.json"), "{\"mcpServers\": {\"x\": {}}}");
        Result result = run("--port", "0", "--config", config.toString());
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.stderr()).contains("Server 'x' must include either command");
    }

    @Test
    void aMalformedConfigIsReportedInPlainWordsWithFileLineAndColumn() throws Exception {
        Path config = Files.writeString(
                dir.resolve("servers.json"), "{\"mcpServers\":{\"x\":{\"command\":\"npx\",\"args\":[\"-y\",\n");
        Result result = run("--port", "0", "--config", config.toString());
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.stderr())
                .contains("mcp-hub: " + config + ":2:1: the file ends inside the \"args\" array opened at 1:44")
                .doesNotContain("Source", "marker");
    }

    @Test
    void aPortInUseIsReportedAndExitsOne() throws Exception {
        Path config = Files.writeString(dir.resolve("empty.json"), "{\"mcpServers\": {}}");
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Result result = run("--port", String.valueOf(socket.getLocalPort()), "--config", config.toString());
            assertThat(result.exit()).isEqualTo(1);
            assertThat(result.stderr())
                    .contains("mcp-hub: cannot listen on 127.0.0.1:" + socket.getLocalPort() + ": already in use");
        }
    }

    @Test
    void sigtermStopsTheHubWithExitCodeZero() throws Exception {
        Path config = Files.writeString(dir.resolve("empty.json"), "{\"mcpServers\": {}}");
        try (HubProcess hub = HubProcess.builder(dir).config(config).start()) {
            hub.awaitReady(Duration.ofSeconds(20));
            assertThat(hub.stop(Duration.ofSeconds(15))).isZero();
        }
    }

    private record Result(int exit, String stdout, String stderr) {}

    private Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(HubProcess.javaBinary(), "-jar", HubProcess.jar()));
        command.addAll(OfflineHub.arguments(List.of(args)));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("HOME", dir.toString());
        builder.environment().remove(OfflineHub.MARKETPLACE_ENV);
        OfflineHub.check(command, builder.environment());
        Process process = builder.start();
        process.getOutputStream().close();
        boolean done = process.waitFor(30, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        String stdout = new String(process.getInputStream().readAllBytes());
        String stderr = new String(process.getErrorStream().readAllBytes());
        return new Result(done ? process.exitValue() : -1, stdout, stderr);
    }
}
