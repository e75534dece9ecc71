package dev.mcphub.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

class WorkspaceFileTest {
    @TempDir
    Path dir;

    @Test
    void writesTheLayoutOfJavaScriptsJsonStringifyWithTwoSpaces() throws Exception {
        WorkspaceFile file = new WorkspaceFile(dir.resolve("workspaces.json"));
        ObjectNode cache = (ObjectNode) Json.parse("{\"3000\":{\"cwd\":\"/p\",\"config_files\":[\"a\",\"b\"],"
                + "\"empty\":[],\"none\":{},\"shutdownDelay\":null}}");

        file.write(cache);

        assertThat(Files.readString(file.path())).isEqualTo("""
                        {
                          "3000": {
                            "cwd": "/p",
                            "config_files": [
                              "a",
                              "b"
                            ],
                            "empty": [],
                            "none": {},
                            "shutdownDelay": null
                          }
                        }""");
        assertThat(file.tryRead()).isEqualTo(cache);
    }

    @Test
    void aMissingOrEmptyFileIsAnEmptyCacheAndAHalfWrittenOneIsReportedAsUnreadable() throws Exception {
        WorkspaceFile file = new WorkspaceFile(dir.resolve("workspaces.json"));
        assertThat(file.tryRead()).isEqualTo(Json.object());

        Files.writeString(file.path(), "  \n");
        assertThat(file.tryRead()).isEqualTo(Json.object());

        Files.writeString(file.path(), "{\"3000\": {\"pid\": 1");
        assertThat(file.tryRead()).isNull();
        assertThat(file.readLocked()).isEqualTo(Json.object());
    }

    @Test
    void entriesOfDeadProcessesAreFoundButThoseWithoutAPidAreLeftAlone() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        long self = ProcessHandle.current().pid();
        ObjectNode cache = (ObjectNode) Json.parse(
                "{\"1\":{\"pid\":" + finished.pid() + "},\"2\":{\"pid\":" + self + "},\"3\":{\"cwd\":\"/no-pid\"}}");

        assertThat(WorkspaceFile.deadKeys(cache)).containsExactly("1");
    }
}
