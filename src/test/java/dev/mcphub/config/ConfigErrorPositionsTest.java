package dev.mcphub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.node.ObjectNode;

/**
 * The config reader's error positions, for any config and any way of breaking it: a file cut off anywhere says it
 * ends, where it ends and inside what; a stray character anywhere is reported at a position that exists in the
 * file, in plain words.
 */
class ConfigErrorPositionsTest {
    private static Path dir;
    private static Path file;

    @BeforeContainer
    static void createFile() throws IOException {
        dir = Files.createTempDirectory("config-positions");
        file = dir.resolve("servers.json");
    }

    @AfterContainer
    static void deleteFile() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    @Property(tries = 300)
    void aFileCutOffAnywhereSaysThatItEndsWhereItEnds(@ForAll("configs") String text, @ForAll("fractions") double where)
            throws IOException {
        int end = text.lastIndexOf('}');
        int cut = 1 + (int) (where * (end - 1));
        String truncated = text.substring(0, cut);

        HubException error = loadFailure(truncated);

        int[] eof = endOf(truncated);
        assertThat(error.getMessage()).startsWith(file + ":" + eof[0] + ":" + eof[1] + ": the file ends inside ");
        assertThat(error.data()).containsEntry("line", eof[0]).containsEntry("column", eof[1]);
    }

    @Property(tries = 300)
    void aStrayCharacterIsReportedInPlainWordsAtAPlaceInTheFile(
            @ForAll("configs") String text, @ForAll("fractions") double where, @ForAll("strays") char stray)
            throws IOException {
        int at = (int) (where * text.length());
        String broken = text.substring(0, at) + stray + text.substring(at);
        Files.writeString(file, broken);
        HubException error;
        try {
            ConfigLoader.load(List.of(file));
            return; // Some insertions keep the file valid (a comma before a closing bracket, a space in a string).
        } catch (HubException e) {
            error = e;
        }
        if (!error.data().containsKey("line")) {
            return; // A valid document whose entries the validator refused: not a syntax error.
        }
        int line = (int) error.data().get("line");
        int column = (int) error.data().get("column");
        List<String> lines = broken.lines().toList();
        assertThat(line).isBetween(1, lines.size() + 1);
        int length = line <= lines.size() ? lines.get(line - 1).length() : 0;
        assertThat(column).isBetween(1, length + 1);
        assertThat(error.getMessage())
                .startsWith(file + ":" + line + ":" + column + ": ")
                .doesNotContain("Source", "REDACTED", "marker", "code 34", "Unexpected");
    }

    @Provide
    Arbitrary<String> configs() {
        Arbitrary<String> words =
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> text =
                Arbitraries.strings().withChars("abc XYZ-_/.\"\\:{}[],'").ofMaxLength(12);
        Arbitrary<ObjectNode> server = Combinators.combine(
                        words,
                        text.list().ofMaxSize(4),
                        Arbitraries.maps(words, text).ofMaxSize(3),
                        Arbitraries.of(true, false))
                .as((command, args, env, disabled) -> {
                    ObjectNode entry = Json.object().put("command", command);
                    entry.set("args", Json.tree(args));
                    if (!env.isEmpty()) {
                        entry.set("env", Json.tree(env));
                    }
                    if (disabled) {
                        entry.put("disabled", true).put("timeout", 60);
                    }
                    return entry;
                });
        Arbitrary<Map<String, ObjectNode>> servers =
                Arbitraries.maps(words, server).ofMinSize(1).ofMaxSize(3);
        return Combinators.combine(servers, Arbitraries.of(true, false)).as((map, pretty) -> {
            ObjectNode root = Json.object();
            ObjectNode entries = root.putObject("mcpServers");
            map.forEach(entries::set);
            return pretty ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) : Json.text(root);
        });
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 1);
    }

    @Provide
    Arbitrary<Character> strays() {
        return Arbitraries.of('{', '}', '[', ']', ',', ':', '"', '\'', 'x', '/', '\n', '#');
    }

    private static HubException loadFailure(String text) throws IOException {
        Files.writeString(file, text);
        HubException error = catchThrowableOfType(HubException.class, () -> ConfigLoader.load(List.of(file)));
        assertThat(error).as("no error for %s", text).isNotNull();
        assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
        return error;
    }

    /** The line and column just after the last character, counted as an editor counts them. */
    private static int[] endOf(String text) {
        int line = 1;
        int column = 1;
        for (char c : text.toCharArray()) {
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }
}
