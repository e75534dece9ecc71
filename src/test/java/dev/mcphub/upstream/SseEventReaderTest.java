package dev.mcphub.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.testing.ChunkedInput;
import dev.mcphub.testing.TextArbitraries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The hub's reader of {@code text/event-stream} bodies (Streamable HTTP replies, GET streams, legacy SSE):
 * whatever the line endings and whatever pieces the bytes arrive in, the same events come out.
 */
class SseEventReaderTest {
    /** An event as a server means it: its name (or none), its data lines, its id (or none). */
    record Sent(String name, List<String> dataLines, String id) {
        SseEventReader.Event expected() {
            return new SseEventReader.Event(name == null ? "message" : name, String.join("\n", dataLines), id, null);
        }
    }

    @Property(tries = 300)
    void anySplitAndAnyLineEndingsReadTheSameEvents(
            @ForAll("events") List<Sent> events,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 50) Integer> pieces,
            @ForAll long seed)
            throws IOException {
        byte[] stream = render(events, new Random(seed)).getBytes(StandardCharsets.UTF_8);

        SseEventReader reader = new SseEventReader(new ChunkedInput(stream, pieces));
        List<SseEventReader.Event> read = new ArrayList<>();
        for (SseEventReader.Event event = reader.next(); event != null; event = reader.next()) {
            read.add(event);
        }

        assertThat(read).isEqualTo(events.stream().map(Sent::expected).toList());
    }

    @Example
    void aCarriageReturnCutFromItsLineFeedIsStillOneLineEnding() throws IOException {
        byte[] stream = "data: a\r\n\r\ndata: b\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        SseEventReader reader = new SseEventReader(new ChunkedInput(stream, List.of(8, 1, 1, 1)));
        assertThat(reader.next().data()).isEqualTo("a");
        assertThat(reader.next().data()).isEqualTo("b");
        assertThat(reader.next()).isNull();
    }

    /** The events as a server may write them: random line endings, comments, "data:" with or without a space. */
    private static String render(List<Sent> events, Random random) {
        Endings ends = new Endings(random);
        for (Sent event : events) {
            if (random.nextInt(4) == 0) {
                ends.append(": keep-alive").append(ends.next());
            }
            if (event.name() != null) {
                ends.append("event: " + event.name()).append(ends.next());
            }
            if (event.id() != null) {
                ends.append("id:" + event.id()).append(ends.next());
            }
            for (String line : event.dataLines()) {
                // "data:x" and "data: x" are the same line; a leading space of the value itself needs the space.
                boolean bare = !line.startsWith(" ") && random.nextBoolean();
                ends.append((bare ? "data:" : "data: ") + line).append(ends.next());
            }
            ends.append(ends.next());
        }
        return ends.append("").toString();
    }

    /**
     * Line endings chosen at random, as the format allows them mixed; but never a lone CR followed by an LF
     * ending, which would be one CRLF ending, not two.
     */
    private static final class Endings {
        private final Random random;
        private final StringBuilder out = new StringBuilder();

        Endings(Random random) {
            this.random = random;
        }

        StringBuilder append(String text) {
            return out.append(text);
        }

        String next() {
            boolean afterCr = !out.isEmpty() && out.charAt(out.length() - 1) == '\r';
            return switch (random.nextInt(afterCr ? 2 : 3)) {
                case 0 -> "\r";
                case 1 -> "\r\n";
                default -> "\n";
            };
        }
    }

    @Provide
    Arbitrary<List<Sent>> events() {
        Arbitrary<String> name = Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.of("message", "endpoint", "notification"),
                TextArbitraries.oneLine(12).filter(text -> !text.isEmpty()));
        Arbitrary<String> id = Arbitraries.oneOf(
                Arbitraries.just(null),
                TextArbitraries.oneLine(10).map(text -> text.replace(" ", "").replace("\0", "")));
        Arbitrary<List<String>> data =
                TextArbitraries.oneLine(40).list().ofMinSize(1).ofMaxSize(4);
        return Combinators.combine(name, data, id).as(Sent::new).list().ofMaxSize(10);
    }
}
