package dev.mcphub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void readsCommentsTrailingCommasSingleQuotesAndUnquotedKeys() throws IOException {
        Path file = write("a.json", """
                // the servers I use
                {
                  /* block comment */
                  mcpServers: {
                    'memory': {
                      command: 'npx',
                      args: ['-y', "@modelcontextprotocol/server-memory",],
                    },
                  },
                }
                """);

        HubConfig config = ConfigLoader.load(List.of(file));

        ServerSpec.Stdio spec =
                (ServerSpec.Stdio) config.servers().get("memory").spec();
        assertThat(spec.command()).isEqualTo("npx");
        assertThat(spec.args()).containsExactly("-y", "@modelcontextprotocol/server-memory");
    }

    @Test
    void vsCodeServersWinOverMcpServersAndStayATopLevelKey() throws IOException {
        Path file = write("a.json", """
                {"mcpServers": {"old": {"command": "a"}},
                 "servers": {"new": {"type": "http", "url": "https://example.com/mcp"}}}
                """);

        HubConfig config = ConfigLoader.load(List.of(file));

        assertThat(config.servers()).containsOnlyKeys("new");
        ServerConfig server = config.servers().get("new");
        assertThat(server.spec()).isInstanceOf(ServerSpec.Remote.class);
        assertThat(server.transportType()).isEqualTo("sse");
        assertThat(server.raw().get("type").asString()).isEqualTo("sse");
        assertThat(config.merged().has("servers")).isTrue();
        assertThat(config.merged().get("mcpServers").has("new")).isTrue();
    }

    @Test
    void aFileWithoutAServerObjectIsInvalid() throws IOException {
        for (String content : List.of("{}", "{\"mcpServers\": []}", "{\"mcpServers\": 1}", "[]")) {
            Path file = write("a.json", content);
            assertThatThrownBy(() -> ConfigLoader.load(List.of(file)))
                    .isInstanceOf(HubException.class)
                    .hasMessage("Invalid config format in " + file + ": 'mcpServers' must be an object");
        }
    }

    @Test
    void laterFilesReplaceSameNamedServersWholesaleAndTagTheirSource() throws IOException {
        Path first = write("first.json", """
                {"mcpServers": {
                   "a": {"command": "one", "env": {"X": "1"}, "description": "first a"},
                   "b": {"command": "two"}},
                 "nativeMCPServers": {"keep": 1}, "shared": "first"}
                """);
        Path second = write("second.json", """
                {"mcpServers": {"a": {"command": "three"}, "c": {"url": "http://localhost:1/mcp"}}, "shared": "second"}
                """);

        HubConfig config = ConfigLoader.load(List.of(first, second));

        assertThat(config.servers()).containsOnlyKeys("a", "b", "c");
        assertThat(config.servers().keySet()).containsExactly("a", "b", "c");
        ServerConfig a = config.servers().get("a");
        assertThat(((ServerSpec.Stdio) a.spec()).command()).isEqualTo("three");
        assertThat(a.spec().env()).isEmpty();
        assertThat(a.description()).isNull();
        assertThat(a.configSource()).isEqualTo(second.toString());
        assertThat(a.raw().get("config_source").asString()).isEqualTo(second.toString());
        assertThat(config.servers().get("b").configSource()).isEqualTo(first.toString());
        assertThat(config.merged().get("shared").asString()).isEqualTo("second");
        assertThat(config.merged().get("nativeMCPServers").get("keep").asInt()).isEqualTo(1);
        assertThat(config.merged().get("mcpServers").get("b").get("type").asString())
                .isEqualTo("stdio");
        assertThat(config.files()).containsExactly(first, second);
    }

    @Test
    void missingFilesAreSkippedAndAllMissingMeansNoServers() throws IOException {
        Path present = write("present.json", "{\"mcpServers\": {\"a\": {\"command\": \"x\"}}}");

        assertThat(ConfigLoader.load(List.of(dir.resolve("nope.json"), present)).servers())
                .containsOnlyKeys("a");
        assertThat(ConfigLoader.load(List.of(dir.resolve("nope.json"))).servers())
                .isEmpty();
    }

    @Test
    void aParseErrorNamesTheFileLineAndColumnAndSaysWhatIsWrongInPlainWords() throws IOException {
        Path file = write("bad.json", "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"x\" \"args\": []}\n  }\n}\n");

        assertThatThrownBy(() -> ConfigLoader.load(List.of(file))).isInstanceOfSatisfying(HubException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
            assertThat(e.getMessage())
                    .isEqualTo(file + ":3:26: expected ',' or '}' after the value of \"command\", found a string");
            assertThat(e.data())
                    .containsEntry("file", file.toString())
                    .containsEntry("line", 3)
                    .containsEntry("column", 26)
                    .containsEntry("reason", "expected ',' or '}' after the value of \"command\", found a string");
        });
    }

    @Test
    void aFileTruncatedInsideAnArraySaysWhichArrayAndWhereItOpened() throws IOException {
        Path file = write("servers.json", "{\"mcpServers\":{\"x\":{\"command\":\"npx\",\"args\":[\"-y\",\n");

        assertThatThrownBy(() -> ConfigLoader.load(List.of(file)))
                .hasMessage(file + ":2:1: the file ends inside the \"args\" array opened at 1:44");
    }

    @Test
    void parseErrorsNeverSpeakJackson() throws IOException {
        List<String> broken = List.of(
                "{\"mcpServers\": {\"a\": {\"command\": \"x\"}}",
                "{\"mcpServers\": {\"a\": {\"command\": \"x}}}",
                "{\"mcpServers\": {\"a\": {\"command\" \"x\"}}}",
                "{\"mcpServers\": {\"a\": {\"args\": [1, 2}}}",
                "{\"mcpServers\": {\"a\": {\"command\": tru}}}",
                "{\"mcpServers\": {}} extra",
                "{\"mcpServers\": {/* unclosed comment }}",
                "{\"mcpServers\": {\"a\": {,}}}");
        for (String text : broken) {
            Path file = write("b.json", text);
            assertThatThrownBy(() -> ConfigLoader.load(List.of(file)))
                    .as(text)
                    .isInstanceOfSatisfying(HubException.class, e -> {
                        assertThat(e.getMessage())
                                .matches(java.util.regex.Pattern.quote(file.toString()) + ":\\d+:\\d+: .+");
                        assertThat(e.getMessage())
                                .doesNotContain("Source", "marker", "REDACTED", "Unexpected", "token", "JSON5");
                    });
        }
    }

    @Test
    void anEmptyFileIsAParseError() throws IOException {
        Path file = write("empty.json", "  \n");

        assertThatThrownBy(() -> ConfigLoader.load(List.of(file))).hasMessage(file + ":1:1: the file is empty");
    }

    @Test
    void anUnreadableFileIsALoadError() throws IOException {
        Path unreadable = Files.createDirectory(dir.resolve("a-directory.json"));

        assertThatThrownBy(() -> ConfigLoader.load(List.of(unreadable)))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    assertThat(e.getMessage()).startsWith(unreadable + ": ");
                    assertThat(e.data()).containsEntry("file", unreadable.toString());
                });
        Path secret = write("secret.json", "{\"mcpServers\": {}}");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        if (!Files.isReadable(secret)) { // root reads anything
            assertThatThrownBy(() -> ConfigLoader.load(List.of(secret))).hasMessage(secret + ": permission denied");
        }
    }

    @Test
    void typeIsSetByTheHubWhateverTheFileSays() throws IOException {
        Path file = write("a.json", """
                {"mcpServers": {"s": {"type": "sse", "command": "x"}, "r": {"type": "stdio", "url": "https://h/"}}}
                """);

        HubConfig config = ConfigLoader.load(List.of(file));

        assertThat(config.servers().get("s").raw().get("type").asString()).isEqualTo("stdio");
        assertThat(config.servers().get("r").raw().get("type").asString()).isEqualTo("sse");
    }

    @Test
    void argsDefaultToEmptyAndScalarsBecomeText() throws IOException {
        Path file = write("a.json", """
                {"mcpServers": {
                  "noargs": {"command": "x", "args": "not an array"},
                  "typed": {"command": "x", "args": [1, true, 2.5], "env": {"N": 3, "B": false, "INHERIT": null}}}}
                """);

        HubConfig config = ConfigLoader.load(List.of(file));

        ServerConfig noargs = config.servers().get("noargs");
        assertThat(((ServerSpec.Stdio) noargs.spec()).args()).isEmpty();
        assertThat(noargs.raw().get("args").isArray()).isTrue();
        ServerSpec.Stdio typed =
                (ServerSpec.Stdio) config.servers().get("typed").spec();
        assertThat(typed.args()).containsExactly("1", "true", "2.5");
        assertThat(typed.env())
                .containsEntry("N", "3")
                .containsEntry("B", "false")
                .containsEntry("INHERIT", null);
    }

    @Test
    void entryFieldsReachTheServerConfig() throws IOException {
        Path file = write("a.json", """
                {"mcpServers": {
                  "full": {"command": "node", "cwd": "/srv", "name": "Full", "description": "d", "disabled": true,
                           "autoApprove": ["x"]},
                  "plain": {"command": "node", "disabled": "yes"},
                  "remote": {"url": "https://h/mcp", "headers": {"Authorization": "Bearer t"},
                             "oauth": {"clientId": "id", "clientSecret": "s", "scopes": ["a", "b"]}}}}
                """);

        HubConfig config = ConfigLoader.load(List.of(file));

        ServerConfig full = config.servers().get("full");
        assertThat(full.disabled()).isTrue();
        assertThat(full.displayName()).isEqualTo("Full");
        assertThat(full.description()).isEqualTo("d");
        assertThat(((ServerSpec.Stdio) full.spec()).cwd()).isEqualTo("/srv");
        assertThat(full.raw().has("autoApprove")).isTrue();
        ServerConfig plain = config.servers().get("plain");
        assertThat(plain.disabled()).isFalse();
        assertThat(plain.displayName()).isEqualTo("plain");
        ServerSpec.Remote remote =
                (ServerSpec.Remote) config.servers().get("remote").spec();
        assertThat(remote.url()).isEqualTo("https://h/mcp");
        assertThat(remote.headers()).isEqualTo(Map.of("Authorization", "Bearer t"));
        assertThat(remote.oauth()).isEqualTo(new ServerSpec.OAuthSpec("id", "s", List.of("a", "b")));
    }

    @Test
    void devDefaultsToEnabledWithTheDefaultGlobs() throws IOException {
        Path file = write("a.json", """
                {"mcpServers": {
                  "dev": {"command": "node", "dev": {"cwd": "/work/server"}},
                  "explicit": {"command": "node", "dev": {"enabled": true, "watch": ["src/**/*.ts"], "cwd": "/w"}},
                  "off": {"command": "node", "dev": {"enabled": false, "cwd": "/w"}},
                  "placeholder": {"command": "node", "dev": {"cwd": "${HOME}/server"}}}}
                """);

        HubConfig config = ConfigLoader.load(List.of(file));

        assertThat(((ServerSpec.Stdio) config.servers().get("dev").spec()).dev())
                .isEqualTo(new ServerSpec.DevSpec(true, ServerSpec.DevSpec.DEFAULT_WATCH, "/work/server"));
        assertThat(((ServerSpec.Stdio) config.servers().get("explicit").spec()).dev())
                .isEqualTo(new ServerSpec.DevSpec(true, List.of("src/**/*.ts"), "/w"));
        assertThat(((ServerSpec.Stdio) config.servers().get("off").spec()).dev())
                .isNull();
        assertThat(((ServerSpec.Stdio) config.servers().get("placeholder").spec())
                        .dev()
                        .cwd())
                .isEqualTo("${HOME}/server");
    }
}
