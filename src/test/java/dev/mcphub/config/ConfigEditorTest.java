package dev.mcphub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigEditorTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void anEditIsWrittenToTheServersOwnFileAndAMaskedSecretKeepsItsValue() throws Exception {
        Path base = file("base.json", "{\"mcpServers\":{\"a\":{\"command\":\"x\",\"env\":{\"TOKEN\":\"s3cret\"}}}}");
        Path project = file("project.json", "{\"mcpServers\":{\"b\":{\"url\":\"http://localhost:1/mcp\"}}}");
        ConfigEditor editor = new ConfigEditor(List.of(base, project));
        HubConfig running = ConfigLoader.load(List.of(base, project));
        var masked = Secrets.mask(running.servers().get("a").raw());
        assertThat(masked.at("/env/TOKEN").asString()).isEqualTo(Secrets.MASK);

        var entry = Json.parse("{\"command\":\"y\",\"env\":{\"TOKEN\":\"" + Secrets.MASK + "\"}}");
        ConfigEditor.Preview preview = editor.preview(new ConfigEditor.Edit("a", entry, null), running);
        assertThat(preview.file()).isEqualTo(base);
        editor.write(preview);

        HubConfig after = ConfigLoader.load(List.of(base, project));
        assertThat(after.servers().get("a").raw().path("command").asString()).isEqualTo("y");
        assertThat(after.servers().get("a").raw().at("/env/TOKEN").asString()).isEqualTo("s3cret");
        assertThat(Files.readString(project))
                .isEqualTo("{\"mcpServers\":{\"b\":{\"url\":\"http://localhost:1/mcp\"}}}");
    }

    @Test
    void aNewServerGoesToTheLastFileWhereItTakesEffect() throws Exception {
        Path base = file("base.json", "{\"mcpServers\":{}}");
        Path project = dir.resolve("missing.json");
        ConfigEditor editor = new ConfigEditor(List.of(base, project));
        HubConfig running = ConfigLoader.load(List.of(base, project));
        ConfigEditor.Preview preview =
                editor.preview(new ConfigEditor.Edit("n", Json.parse("{\"command\":\"z\"}"), null), running);
        editor.write(preview);
        assertThat(preview.file()).isEqualTo(project);
        assertThat(ConfigLoader.load(List.of(project)).servers()).containsKey("n");
    }

    @Test
    void anInvalidEditFailsWithTheLoadersMessageAndWritesNothing() throws Exception {
        String text = "{\"mcpServers\":{\"a\":{\"command\":\"x\"}}}";
        Path base = file("base.json", text);
        ConfigEditor editor = new ConfigEditor(List.of(base));
        HubConfig running = ConfigLoader.load(List.of(base));
        assertThatThrownBy(() -> editor.preview(
                        new ConfigEditor.Edit("a", Json.parse("{\"command\":\"x\",\"url\":\"http://h/\"}"), null),
                        running))
                .isInstanceOf(HubException.class)
                .hasMessage("Server 'a' cannot mix stdio and sse fields")
                .extracting(e -> ((HubException) e).code())
                .isEqualTo(ErrorCode.CONFIG_ERROR);
        assertThat(Files.readString(base)).isEqualTo(text);
    }

    @Test
    void aFileThatChangedSinceThePreviewIsNotOverwritten() throws Exception {
        Path base = file("base.json", "{\"mcpServers\":{\"a\":{\"command\":\"x\"}}}");
        ConfigEditor editor = new ConfigEditor(List.of(base));
        HubConfig running = ConfigLoader.load(List.of(base));
        ConfigEditor.Preview preview = editor.preview(new ConfigEditor.Edit("a", null, null), running);
        Files.writeString(base, "{\"mcpServers\":{\"a\":{\"command\":\"someone else\"}}}");
        assertThatThrownBy(() -> editor.write(preview)).hasMessageContaining("changed since it was read");
        assertThat(Files.readString(base)).contains("someone else");
    }

    @Test
    void aSavedFileKeepsItsPermissionsAndCommentsAreWarnedAbout() throws Exception {
        Path base = file("base.json", "// mine\n{\"mcpServers\":{\"a\":{\"command\":\"x\"}}}");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rw-------"));
        ConfigEditor editor = new ConfigEditor(List.of(base));
        HubConfig running = ConfigLoader.load(List.of(base));
        ConfigEditor.Preview preview =
                editor.preview(new ConfigEditor.Edit("b", Json.parse("{\"command\":\"y\"}"), null), running);
        assertThat(preview.warnings()).singleElement().asString().contains("Comments");
        editor.write(preview);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(base)))
                .isEqualTo("rw-------");
        assertThat(ConfigLoader.load(List.of(base)).servers()).containsKeys("a", "b");
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactly(base); // no temporary file left behind
        }
    }

    @Test
    void aFileThatIsNotOneOfTheHubsIsRefused() throws Exception {
        Path base = file("base.json", "{\"mcpServers\":{}}");
        ConfigEditor editor = new ConfigEditor(List.of(base));
        assertThatThrownBy(() -> editor.file("/etc/passwd"))
                .isInstanceOf(HubException.class)
                .extracting(e -> ((HubException) e).code())
                .isEqualTo(ErrorCode.VALIDATION_ERROR);
    }

    @Test
    void placeholdersAreShownAndLiteralSecretsAreMasked() {
        var masked = Secrets.mask(Json.parse(
                "{\"env\":{\"A\":\"${env:A}\",\"B\":\"b\",\"C\":null},\"headers\":{\"Authorization\":\"Bearer t\"}}"));
        assertThat(masked.at("/env/A").asString()).isEqualTo("${env:A}");
        assertThat(masked.at("/env/B").asString()).isEqualTo(Secrets.MASK);
        assertThat(masked.at("/env/C").isNull()).isTrue();
        assertThat(masked.at("/headers/Authorization").asString()).isEqualTo(Secrets.MASK);
    }
}
