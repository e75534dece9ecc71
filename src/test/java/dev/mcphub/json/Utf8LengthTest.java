package dev.mcphub.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class Utf8LengthTest {
    @Property(tries = 500)
    void theLengthIsThatOfTheEncodedBytesForAnyWellFormedText(
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 0x10FFFF) Integer> codePoints) {
        StringBuilder text = new StringBuilder();
        for (int cp : codePoints) {
            // Surrogate code points are not characters: text decoded from UTF-8 never holds one alone.
            text.appendCodePoint(Character.isSurrogate((char) cp) && cp <= 0xFFFF ? cp - 0x800 : cp);
        }

        assertThat(Json.utf8Length(text)).isEqualTo(text.toString().getBytes(StandardCharsets.UTF_8).length);
    }
}
