package dev.mcphub.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.testing.TextArbitraries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The config reader on any config a person may write: the same servers in strict JSON and in JSON5 style
 * (comments anywhere between tokens, trailing commas, single quotes, unquoted keys) read the same. The strict
 * text is written by a plain Jackson mapper, the JSON5 text by this test's own writer.
 */
class ConfigTextTest {
    private static final JsonMapper STRICT = JsonMapper.builder().build();

    /** A stdio server as written in the file. */
    record Entry(String command, List<String> args, Map<String, String> env) {}

    @Property(tries = 200)
    void json5LibertiesReadTheSameServersAsStrictJson(@ForAll("servers") Map<String, Entry> servers, @ForAll long seed)
            throws IOException {
        Path file = Files.createTempFile("servers", ".json"); // one path: it is part of what the reader keeps
        HubConfig strict;
        HubConfig liberal;
        try {
            strict = load(file, STRICT.writeValueAsString(document(servers)));
            liberal = load(file, new Json5Writer(new Random(seed)).document(servers));
        } finally {
            Files.deleteIfExists(file);
        }

        assertThat(liberal.merged()).isEqualTo(strict.merged());
        assertThat(liberal.servers().keySet()).containsExactlyElementsOf(servers.keySet());
        servers.forEach((name, entry) -> {
            ServerSpec.Stdio spec =
                    (ServerSpec.Stdio) liberal.servers().get(name).spec();
            assertThat(spec.command()).isEqualTo(entry.command());
            assertThat(spec.args()).isEqualTo(entry.args());
            assertThat(spec.env()).isEqualTo(entry.env());
        });
    }

    private static ObjectNode document(Map<String, Entry> servers) {
        ObjectNode root = STRICT.createObjectNode();
        ObjectNode map = root.putObject("mcpServers");
        servers.forEach((name, entry) -> {
            ObjectNode server = map.putObject(name);
            server.put("command", entry.command());
            entry.args().forEach(server.putArray("args")::add);
            ObjectNode env = server.putObject("env");
            entry.env().forEach(env::put);
        });
        return root;
    }

    private static HubConfig load(Path file, String text) throws IOException {
        Files.writeString(file, text);
        return ConfigLoader.load(List.of(file));
    }

    @Provide
    Arbitrary<Map<String, Entry>> servers() {
        Arbitrary<String> name = Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                TextArbitraries.oneLine(10).filter(text -> !text.isBlank()));
        Arbitrary<String> text = TextArbitraries.anyText(30).map(ConfigTextTest::withoutPlaceholders);
        Arbitrary<Entry> entry = Combinators.combine(
                        Arbitraries.of("node", "npx", "uvx", "/usr/bin/env", "my server"),
                        text.list().ofMaxSize(4),
                        Arbitraries.maps(
                                        Arbitraries.strings()
                                                .alpha()
                                                .ofMinLength(1)
                                                .ofMaxLength(6),
                                        text)
                                .ofMaxSize(3))
                .as((command, args, env) -> new Entry(command, args, new LinkedHashMap<>(env)));
        return Arbitraries.maps(name.map(ConfigTextTest::withoutPlaceholders), entry)
                .ofMaxSize(5)
                .map(LinkedHashMap::new);
    }

    /** The loader keeps placeholders for later; they have their own properties (PlaceholderTextTest). */
    private static String withoutPlaceholders(String text) {
        return text.replace('$', '#');
    }

    /** Writes config text with JSON5's liberties, chosen at random. */
    private static final class Json5Writer {
        private final Random random;
        private final StringBuilder out = new StringBuilder();

        Json5Writer(Random random) {
            this.random = random;
        }

        String document(Map<String, Entry> servers) {
            gap();
            open('{');
            key("mcpServers");
            open('{');
            int i = 0;
            for (Map.Entry<String, Entry> server : servers.entrySet()) {
                comma(i++ > 0);
                key(server.getKey());
                server(server.getValue());
            }
            close('}', !servers.isEmpty());
            close('}', true);
            return out.toString();
        }

        private void server(Entry entry) {
            open('{');
            key("command");
            string(entry.command());
            comma(true);
            key("args");
            open('[');
            for (int i = 0; i < entry.args().size(); i++) {
                comma(i > 0);
                string(entry.args().get(i));
            }
            close(']', !entry.args().isEmpty());
            comma(true);
            key("env");
            open('{');
            int i = 0;
            for (Map.Entry<String, String> variable : entry.env().entrySet()) {
                comma(i++ > 0);
                key(variable.getKey());
                string(variable.getValue());
            }
            close('}', !entry.env().isEmpty());
            close('}', true);
        }

        private void open(char bracket) {
            out.append(bracket);
            gap();
        }

        /** Closes an object or array, with a trailing comma now and then after its last item. */
        private void close(char bracket, boolean hadItems) {
            if (hadItems && random.nextBoolean()) {
                out.append(',');
                gap();
            }
            out.append(bracket);
            gap();
        }

        private void comma(boolean needed) {
            if (needed) {
                out.append(',');
                gap();
            }
        }

        private void key(String name) {
            if (name.matches("[A-Za-z_][A-Za-z0-9_]*") && random.nextBoolean()) {
                out.append(name);
            } else {
                string(name);
            }
            gap();
            out.append(':');
            gap();
        }

        private void string(String value) {
            char quote = random.nextBoolean() ? '\'' : '"';
            out.append(quote);
            value.codePoints().forEach(c -> {
                if (c == quote || c == '\\') {
                    out.append('\\').appendCodePoint(c);
                } else if (c < 0x20) {
                    out.append(String.format("\\u%04x", c));
                } else {
                    out.appendCodePoint(c);
                }
            });
            out.append(quote);
            gap();
        }

        /** Nothing, white space, or a comment of either kind. */
        private void gap() {
            switch (random.nextInt(6)) {
                case 0 -> out.append(' ');
                case 1 -> out.append("\n  ");
                case 2 -> out.append(" // a comment with \"quotes\", 'ticks' and /* */\n");
                case 3 -> out.append("/* a block comment // with a line comment inside */");
                case 4 -> out.append("\r\n\t");
                default -> {}
            }
        }
    }
}
