package dev.mcphub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigValidationTest {
    @TempDir
    Path dir;

    /** Loads a file holding one server named "s" with this entry and returns the failure. */
    private HubException failure(String entry) throws IOException {
        Path file = Files.writeString(dir.resolve("servers.json"), "{\"mcpServers\": {\"s\": " + entry + "}}");
        try {
            ConfigLoader.load(List.of(file));
        } catch (HubException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
            assertThat(e.data()).containsEntry("server", "s").containsEntry("file", file.toString());
            return e;
        }
        throw new AssertionError("entry was accepted: " + entry);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"command": "x", "url": "https://h/"}                  | url          | Server 's' cannot mix stdio and sse fields
            {"command": ""}                                        | command      | Server 's' missing command value
            {"command": null}                                      | command      | Server 's' missing command value
            {"command": 7}                                         | command      | Server 's' missing command value
            {"args": ["x"]}                                        |              | Server 's' must include either command (for stdio) or url (for sse)
            "just a string"                                        |              | Server 's' must include either command (for stdio) or url (for sse)
            {"url": "not a url"}                                   | url          | Server 's' has invalid url
            {"url": "http://"}                                     | url          | Server 's' has invalid url
            {"url": 42}                                            | url          | Server 's' has invalid url
            {"command": "x", "env": "A=1"}                         | env          | Server 's' has invalid environment config
            {"command": "x", "env": ["A"]}                         | env          | Server 's' has invalid environment config
            {"command": "x", "env": {"A": {"nested": 1}}}          | env.A        | Server 's' has invalid environment config
            {"url": "https://h/", "env": 1}                        | env          | Server 's' has invalid environment config
            {"url": "https://h/", "headers": "Authorization: x"}   | headers      | Server 's' has invalid headers config
            {"url": "https://h/", "dev": {"cwd": "/w"}}            | dev          | Server 's' dev field is only supported for stdio servers
            {"command": "x", "dev": {"enabled": "yes", "cwd": "/w"}} | dev.enabled | Server 's' dev.enabled must be a boolean
            {"command": "x", "dev": {"watch": "*.js", "cwd": "/w"}}  | dev.watch   | Server 's' dev.watch must be an array of strings
            {"command": "x", "dev": {"watch": [1], "cwd": "/w"}}     | dev.watch   | Server 's' dev.watch must be an array of strings
            {"command": "x", "dev": {}}                            | dev.cwd      | Server 's' dev.cwd must be an absolute path
            {"command": "x", "dev": {"cwd": "relative/dir"}}       | dev.cwd      | Server 's' dev.cwd must be an absolute path
            {"command": "x", "dev": true}                          | dev.cwd      | Server 's' dev.cwd must be an absolute path
            {"command": "x", "oauth": {"clientId": "i"}}           | oauth        | Server 's' oauth field is only supported for remote servers
            {"url": "https://h/", "oauth": "id"}                   | oauth        | Server 's' oauth must be an object
            {"url": "https://h/", "oauth": {"clientSecret": "x"}}  | oauth.clientId | Server 's' oauth.clientId must be a string
            {"url": "https://h/", "oauth": {"clientId": 1}}        | oauth.clientId | Server 's' oauth.clientId must be a string
            {"url": "https://h/", "oauth": {"clientId": "i", "clientSecret": 1}} | oauth.clientSecret | Server 's' oauth.clientSecret must be a string
            {"url": "https://h/", "oauth": {"clientId": "i", "scopes": "a b"}}   | oauth.scopes | Server 's' oauth.scopes must be an array of strings
            """)
    void everyRuleHasTheReferenceMessage(String entry, String field, String message) throws IOException {
        HubException e = failure(entry);

        assertThat(e).hasMessage(message);
        assertThat(e.data().get("field")).isEqualTo(field);
    }

    @Test
    void theFirstInvalidServerAbortsTheWholeLoad() throws IOException {
        Path file = Files.writeString(dir.resolve("servers.json"), """
                {"mcpServers": {"good": {"command": "x"}, "bad": {}, "worse": {"url": 1}}}
                """);

        assertThatThrownBy(() -> ConfigLoader.load(List.of(file)))
                .hasMessage("Server 'bad' must include either command (for stdio) or url (for sse)");
    }

    @Test
    void anInvalidEntryReplacedByALaterFileIsFine() throws IOException {
        Path first = Files.writeString(dir.resolve("a.json"), "{\"mcpServers\": {\"s\": {}}}");
        Path second = Files.writeString(dir.resolve("b.json"), "{\"mcpServers\": {\"s\": {\"command\": \"x\"}}}");

        assertThat(ConfigLoader.load(List.of(first, second)).servers()).containsOnlyKeys("s");
    }

    @Test
    void placeholdersInUrlAndDevCwdWaitForResolution() throws IOException {
        Path file = Files.writeString(dir.resolve("a.json"), """
                {"mcpServers": {"r": {"url": "${BASE_URL}/mcp"}, "d": {"command": "x", "dev": {"cwd": "${ROOT}"}}}}
                """);

        assertThat(ConfigLoader.load(List.of(file)).servers()).containsOnlyKeys("r", "d");
    }

    @Test
    void urlsAreValidWhateverTheirHostNameLooksLike() throws IOException {
        Path file = Files.writeString(dir.resolve("a.json"), """
                {"mcpServers": {"docker": {"url": "http://mcp_server:8000/mcp"}, "ip": {"url": "http://127.0.0.1:1/sse"},
                                "query": {"url": "https://h.example/mcp?key=a%20b#x"}}}
                """);

        assertThat(ConfigLoader.load(List.of(file)).servers()).containsOnlyKeys("docker", "ip", "query");
    }

    @Test
    void nullHeadersEnvAndOAuthCountAsAbsent() throws IOException {
        Path file = Files.writeString(dir.resolve("a.json"), """
                {"mcpServers": {"r": {"url": "https://h/", "headers": null, "env": null, "oauth": null}}}
                """);

        ServerSpec.Remote remote = (ServerSpec.Remote)
                ConfigLoader.load(List.of(file)).servers().get("r").spec();
        assertThat(remote.headers()).isEmpty();
        assertThat(remote.env()).isEmpty();
        assertThat(remote.oauth()).isNull();
    }
}
