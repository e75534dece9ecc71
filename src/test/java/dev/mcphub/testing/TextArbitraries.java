package dev.mcphub.testing;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Text for properties: any Unicode a server or a user may write, including multi-byte UTF-8 and line breaks. */
public final class TextArbitraries {
    private TextArbitraries() {}

    /** Text of any valid code points: ASCII (control characters too), Latin, CJK, emoji (4 UTF-8 bytes). */
    public static Arbitrary<String> anyText(int maxLength) {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0x20, 0x7e)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x00, 0x1f)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0xa0, 0x24f)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x4e00, 0x9fa5)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x1f300, 0x1f64f)));
        return codePoint
                .list()
                .ofMaxSize(maxLength)
                .map(points -> points.stream()
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                        .toString());
    }

    /** Text on one line: no CR or LF (any other code point). */
    public static Arbitrary<String> oneLine(int maxLength) {
        return anyText(maxLength).map(text -> text.replace('\n', ' ').replace('\r', ' '));
    }
}
