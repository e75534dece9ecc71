package dev.mcphub.upstream.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.OAuthServer;
import dev.mcphub.json.Json;
import dev.mcphub.testing.SseReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Where tokens are (an owner-only file) and where they never are (logs, API answers, events). */
class OAuthSecretsIT {
    @TempDir
    Path dir;

    @RegisterExtension
    final OAuthRig oauth = new OAuthRig();

    private OAuthServer server;

    @Test
    void tokensLiveInAnOwnerOnlyFileAndNowhereElse() throws Exception {
        server = oauth.start(OAuthServer.builder().tokenTtl(Duration.ofSeconds(3)));
        oauth.startHub(dir, Map.of("prot", OAuthRig.entry(server.mcpUrl())), "--log-level", "debug");
        List<String> answers = new ArrayList<>();
        try (SseReader events = SseReader.open(oauth.hub().url("/api/events"), Map.of())) {
            oauth.hub().awaitReady(Duration.ofSeconds(30));
            UserAgent user = new UserAgent(oauth.hub());
            user.awaitStatus("prot", "unauthorized", Duration.ofSeconds(30));
            answers.add(user.authorizeInBrowser("prot").body());
            // The first access and refresh token, then at least one refresh (tokens live 3 s).
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> server.issuedTokens().size() >= 4);
            answers.add(user.call("prot", "echo", "x").body());
            answers.add(user.call("prot", "whoami", "x").body());

            storedEntryIsComplete();
            server.revokeRefreshTokens();
            user.awaitStatus("prot", "unauthorized", Duration.ofSeconds(20));
            answers.add(oauth.hub()
                    .post("/api/servers/authorize", "{\"server_name\":\"prot\"}")
                    .body());
            answers.add(oauth.hub().get("/api/servers").body());
            answers.add(oauth.hub().get("/api/health").body());
            answers.add(oauth.hub()
                    .post("/api/servers/info", "{\"server_name\":\"prot\"}")
                    .body());
            events.events().forEach(event -> answers.add(event.data()));
        }

        List<String> tokens = server.issuedTokens();
        assertThat(tokens).as("the first tokens and refreshed ones").hasSizeGreaterThanOrEqualTo(4);
        assertThat(String.join("\n", oauth.hub().stderr())).contains("prot").satisfies(log -> assertNone(log, tokens));
        assertNone(String.join("\n", answers), tokens);
        Path storage = OAuthFiles.storage(oauth.hub());
        // Log files, overrides, caches: every file the hub wrote but the token file. Lock files come and
        // go while the hub runs, so a file that vanished during the walk is skipped.
        for (Path written : writtenFiles(oauth.hub().home())) {
            if (!written.equals(storage)) {
                try {
                    assertNone(Files.readString(written), tokens);
                } catch (java.nio.file.NoSuchFileException gone) {
                    // Removed since it was listed.
                }
            }
        }
    }

    private static List<Path> writtenFiles(Path root) throws java.io.IOException {
        List<Path> found = new java.util.ArrayList<>();
        Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(
                    Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    found.add(file);
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, java.io.IOException e) {
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        return found;
    }

    private void storedEntryIsComplete() throws Exception {
        Path storage = OAuthFiles.storage(oauth.hub());
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
