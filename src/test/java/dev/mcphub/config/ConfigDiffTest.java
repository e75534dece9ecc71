package dev.mcphub.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigDiffTest {
    @TempDir
    Path dir;

    private HubConfig config(String servers) throws IOException {
        Path file = Files.writeString(dir.resolve("servers.json"), "{\"mcpServers\": {" + servers + "}}");
        return ConfigLoader.load(List.of(file));
    }

    @Test
    void serversAreAddedRemovedModifiedOrUnchanged() throws IOException {
        HubConfig before = config("""
                "kept": {"command": "a"}, "changed": {"command": "a"}, "gone": {"command": "a"}""");
        HubConfig after = config("""
                "changed": {"command": "b"}, "kept": {"command": "a"}, "new": {"url": "https://h/"}""");

        ConfigDiff diff = ConfigDiff.between(before, after);

        assertThat(diff.added()).containsExactly("new");
        assertThat(diff.removed()).containsExactly("gone");
        assertThat(diff.modified()).containsExactly("changed");
        assertThat(diff.unchanged()).containsExactly("kept");
        assertThat(diff.isEmpty()).isFalse();
        ConfigDiff.Change change = diff.details().get("changed");
        assertThat(change.modifiedFields()).containsExactly("command");
        assertThat(change.oldValues().get("command").asString()).isEqualTo("a");
        assertThat(change.newValues().get("command").asString()).isEqualTo("b");
        assertThat(diff.details()).containsOnlyKeys("changed");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            command   | "command": "a"                              | "command": "b"
            args      | "command": "a", "args": ["1"]               | "command": "a", "args": ["1", "2"]
            env       | "command": "a", "env": {"A": "1"}           | "command": "a", "env": {"A": "2"}
            disabled  | "command": "a"                              | "command": "a", "disabled": false
            url       | "url": "https://a/"                         | "url": "https://b/"
            headers   | "url": "https://a/", "headers": {"A": "1"}  | "url": "https://a/", "headers": {}
            dev       | "command": "a", "dev": {"cwd": "/a"}        | "command": "a", "dev": {"cwd": "/b"}
            name      | "command": "a", "name": "A"                 | "command": "a"
            cwd       | "command": "a", "cwd": "/a"                 | "command": "a", "cwd": "/b"
            oauth     | "url": "https://a/"                         | "url": "https://a/", "oauth": {"clientId": "i"}
            """)
    void eachKeyFieldCounts(String field, String before, String after) throws IOException {
        ConfigDiff diff = ConfigDiff.between(config("\"s\": {" + before + "}"), config("\"s\": {" + after + "}"));

        assertThat(diff.modified()).containsExactly("s");
        assertThat(diff.details().get("s").modifiedFields()).containsExactly(field);
    }

    @Test
    void aFieldPresentOnOneSideOnlyHasNoValueOnTheOther() throws IOException {
        ConfigDiff diff = ConfigDiff.between(
                config("\"s\": {\"command\": \"a\"}"), config("\"s\": {\"command\": \"a\", \"disabled\": true}"));

        ConfigDiff.Change change = diff.details().get("s");
        assertThat(change.oldValues()).isEmpty();
        assertThat(change.newValues().get("disabled").asBoolean()).isTrue();
        assertThat(change.onlyDisabledChanged()).isTrue();
    }

    @Test
    void theConfigSourceCounts() throws IOException {
        HubConfig before = config("\"s\": {\"command\": \"a\"}");
        Path other = Files.writeString(dir.resolve("other.json"), "{\"mcpServers\": {\"s\": {\"command\": \"a\"}}}");
        HubConfig after = ConfigLoader.load(List.of(other));

        assertThat(ConfigDiff.between(before, after).details().get("s").modifiedFields())
                .containsExactly("config_source");
    }

    @Test
    void equalityIsDeepAndIgnoresKeyOrderAndOtherFields() throws IOException {
        HubConfig before = config("""
                "s": {"command": "a", "env": {"A": "1", "B": "2"}, "dev": {"cwd": "/a", "watch": ["x"]},
                      "description": "old", "autoApprove": ["t"], "type": "stdio"}""");
        HubConfig after = config("""
                "s": {"dev": {"watch": ["x"], "cwd": "/a"}, "env": {"B": "2", "A": "1"}, "command": "a",
                      "description": "new", "timeout": 5}""");

        ConfigDiff diff = ConfigDiff.between(before, after);

        assertThat(diff.unchanged()).containsExactly("s");
        assertThat(diff.isEmpty()).isTrue();
    }

    @Test
    void noPreviousConfigMeansEverythingIsAdded() throws IOException {
        ConfigDiff diff = ConfigDiff.between(null, config("\"a\": {\"command\": \"a\"}, \"b\": {\"command\": \"b\"}"));

        assertThat(diff.added()).containsExactly("a", "b");
    }

    @Test
    void theDetailsNameEachModifiedFieldWithItsOldAndNewValue() throws IOException {
        ConfigDiff diff = ConfigDiff.between(
                config("\"s\": {\"command\": \"a\", \"cwd\": \"/x\"}, \"gone\": {\"command\": \"a\"}"),
                config("\"s\": {\"command\": \"b\", \"args\": [\"1\"]}, \"new\": {\"command\": \"a\"}"));

        assertThat(diff.added()).containsExactly("new");
        assertThat(diff.removed()).containsExactly("gone");
        ConfigDiff.Change change = diff.details().get("s");
        assertThat(change.modifiedFields()).containsExactly("command", "args", "cwd");
        assertThat(Json.tree(change.oldValues()))
                .isEqualTo(Json.parse("{\"command\": \"a\", \"args\": [], \"cwd\": \"/x\"}"));
        assertThat(Json.tree(change.newValues())).isEqualTo(Json.parse("{\"command\": \"b\", \"args\": [\"1\"]}"));
    }
}
