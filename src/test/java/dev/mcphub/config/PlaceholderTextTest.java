package dev.mcphub.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.testing.TextArbitraries;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Placeholders in any text: each {@code ${NAME}} becomes its value, everything else stays as written. */
class PlaceholderTextTest {
    /** A piece of a config value: literal text, or a reference to a variable (in one of its spellings). */
    record Piece(String literal, String variable, String spelling) {
        String written() {
            return variable == null ? literal : "${" + spelling.replace("NAME", variable) + "}";
        }
    }

    @Property(tries = 300)
    void everyPlaceholderBecomesItsValueAndTheRestIsKept(
            @ForAll("pieces") List<Piece> pieces, @ForAll("values") Map<String, String> values) {
        String written = pieces.stream().map(Piece::written).reduce("", String::concat);
        String expected = pieces.stream()
                .map(piece -> piece.variable() == null ? piece.literal() : values.get(piece.variable()))
                .reduce("", String::concat);

        assertThat(resolver(values).resolve(written, "args")).isEqualTo(expected);
    }

    @Property
    void textWithoutPlaceholdersIsUnchanged(@ForAll("literal") String text) {
        assertThat(resolver(Map.of()).resolve(text, "args")).isEqualTo(text);
    }

    @Property
    void aValueIsNeverScannedAgainSoAValueThatLooksLikeAPlaceholderStaysText(
            @ForAll("name") String name, @ForAll("name") String other) {
        String value = "${" + other + "}";
        assertThat(resolver(Map.of(name, value)).resolve("[${" + name + "}]", "args"))
                .isEqualTo("[" + value + "]");
    }

    private static PlaceholderResolver resolver(Map<String, String> values) {
        Placeholders.Context context = new Placeholders.Context(Map.of(), Map.of(), Path.of("."), Path.of("."), null);
        return new PlaceholderResolver("server", values, context);
    }

    /** Every variable the pieces may name has a value: any text, placeholders and braces included. */
    @Provide
    Arbitrary<Map<String, String>> values() {
        Arbitrary<String> value =
                Arbitraries.oneOf(TextArbitraries.anyText(20), Arbitraries.of("${NOT_AGAIN}", "}", "${", "$HOME"));
        return Combinators.combine(value, value, value, value).as((a, b, c, d) -> {
            Map<String, String> map = new LinkedHashMap<>();
            map.put("A", a);
            map.put("B_2", b);
            map.put("api_key", c);
            map.put("X", d);
            return map;
        });
    }

    @Provide
    Arbitrary<List<Piece>> pieces() {
        Arbitrary<Piece> literal = literal().map(text -> new Piece(text, null, null));
        Arbitrary<Piece> reference = Combinators.combine(
                        Arbitraries.of("A", "B_2", "api_key", "X"),
                        Arbitraries.of("NAME", "env:NAME", " NAME ", "env: NAME"))
                .as((name, spelling) -> new Piece(null, name, spelling));
        // Neighbouring literals must not spell a placeholder of their own ("a$" then "{}").
        return Arbitraries.oneOf(literal, reference).list().ofMaxSize(8).filter(pieces -> {
            String written = pieces.stream().map(Piece::written).reduce("", String::concat);
            long references =
                    pieces.stream().filter(piece -> piece.variable() != null).count();
            return occurrences(written, "${") == references;
        });
    }

    /** Text with no "${" in it: a lone "$", braces and anything else are fine. */
    @Provide
    Arbitrary<String> literal() {
        return Arbitraries.oneOf(TextArbitraries.anyText(15), Arbitraries.of("$", "}", "{", "$}", "a$b", "{}"))
                .filter(text -> !text.contains("${"));
    }

    private static long occurrences(String text, String part) {
        long count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    @Provide
    Arbitrary<String> name() {
        return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8);
    }
}
