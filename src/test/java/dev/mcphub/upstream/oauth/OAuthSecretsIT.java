package dev.mcphub.upstream.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.fixtures.OAuthServer;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.SseReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Where tokens are (an owner-only file) and where they never are (logs, API answers, events). */
class OAuthSecretsIT {
    @TempDir
    Path dir;

    private OAuthServer server;
    private HubProcess hub;

    @AfterEach
    void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void tokensLiveInAnOwnerOnlyFileAndNowhereElse() throws Exception {
        server = OAuthServer.builder().tokenTtl(Duration.ofSeconds(3)).start();
        ObjectNode config = Json.object();
        config.putObject("mcpServers").putObject("prot").put("url", server.mcpUrl());
        Path file = Files.writeString(dir.resolve("servers.json"), config.toPrettyString());
        hub = HubProcess.builder(dir)
                .config(file)
                .args("--no-browser", "--log-level", "debug")
                .start();
        List<String> answers = new ArrayList<>();
        try (SseReader events = SseReader.open(hub.url("/api/events"), Map.of())) {
            hub.awaitReady(Duration.ofSeconds(30));
            UserAgent user = new UserAgent(hub);
            user.awaitStatus("prot", "unauthorized", Duration.ofSeconds(30));
            answers.add(user.authorizeInBrowser("prot").body());
            Thread.sleep(4_000); // A few refreshes.
            answers.add(user.call("prot", "echo", "x").body());
            answers.add(user.call("prot", "whoami", "x").body());

            storedEntryIsComplete();
            server.revokeRefreshTokens();
            user.awaitStatus("prot", "unauthorized", Duration.ofSeconds(20));
            answers.add(hub.post("/api/servers/authorize", "{\"server_name\":\"prot\"}")
                    .body());
            answers.add(hub.get("/api/servers").body());
            answers.add(hub.get("/api/health").body());
            answers.add(
                    hub.post("/api/servers/info", "{\"server_name\":\"prot\"}").body());
            events.events().forEach(event -> answers.add(event.data()));
        }

        List<String> tokens = server.issuedTokens();
        assertThat(tokens).as("the first tokens and refreshed ones").hasSizeGreaterThanOrEqualTo(4);
        assertThat(String.join("\n", hub.stderr())).contains("prot").satisfies(log -> assertNone(log, tokens));
        assertNone(String.join("\n", answers), tokens);
        Path storage = OAuthFiles.storage(hub);
        try (Stream<Path> files = Files.walk(hub.home())) {
            // Log files, overrides, caches: every file the hub wrote but the token file.
            for (Path written : files.filter(Files::isRegularFile)
                    .filter(f -> !f.equals(storage))
                    .toList()) {
                assertNone(Files.readString(written), tokens);
            }
        }
    }

    private void storedEntryIsComplete() throws Exception {
        Path storage = OAuthFiles.storage(hub);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storage)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storage.getParent())))
                .isEqualTo("rwx------");
        JsonNode entry = Json.parse(Files.readString(storage)).get(server.mcpUrl());
        assertThat(entry.get("clientInfo").get("client_id").asString()).isNotBlank();
        assertThat(entry.get("clientInfo").get("client_name").asString()).isEqualTo("MCP Hub");
        assertThat(entry.get("authorizationServer").asString()).isEqualTo(server.issuer());
        assertThat(entry.has("codeVerifier")).as("the used flow is gone").isFalse();
        JsonNode tokens = entry.get("tokens");
        List<String> issued = server.issuedTokens();
        assertThat(issued)
                .contains(
                        tokens.get("access_token").asString(),
                        tokens.get("refresh_token").asString());
        assertThat(tokens.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(tokens.get("expires_at").asLong() - tokens.get("issued_at").asLong())
                .isEqualTo(3);
        try (Stream<Path> siblings = Files.list(storage.getParent())) {
            assertThat(siblings.map(Path::getFileName).map(Path::toString))
                    .as("no temporary file is left behind")
                    .noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    private static void assertNone(String text, List<String> tokens) {
        for (String token : tokens) {
            assertThat(text).as("output contains an OAuth token").doesNotContain(token);
        }
    }
}
