package dev.mcphub.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.jsonrpc.JsonRpcMessage;
import dev.mcphub.testing.ChunkedInput;
import dev.mcphub.testing.TextArbitraries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hub's stdio reader: whatever pieces the pipe hands the bytes over in, the same messages come out. The
 * expected messages are written by a plain Jackson mapper, not by the hub's own JSON-RPC classes.
 */
class StdioFramesTest {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Property(tries = 300)
    void anySplitOfTheByteStreamReadsTheSameMessages(
            @ForAll("messages") List<ObjectNode> messages,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 70) Integer> pieces,
            @ForAll boolean crlf,
            @ForAll @IntRange(max = 3) int blankLinesBetween)
            throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        String end = crlf ? "\r\n" : "\n";
        for (ObjectNode message : messages) {
            stream.writeBytes((MAPPER.writeValueAsString(message) + end).getBytes(StandardCharsets.UTF_8));
            stream.writeBytes(end.repeat(blankLinesBetween).getBytes(StandardCharsets.UTF_8));
        }

        List<String> noise = new ArrayList<>();
        List<JsonNode> read = readAll(new StdioFrames(new ChunkedInput(stream.toByteArray(), pieces)), noise);

        assertThat(read).isEqualTo(asRead(messages));
        assertThat(noise).isEmpty();
    }

    @Property(tries = 200)
    void strayLinesBetweenMessagesAreSetAsideAndTheMessagesStillArrive(
            @ForAll("messages") List<ObjectNode> messages,
            @ForAll("logLine") String stray,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 70) Integer> pieces)
            throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (ObjectNode message : messages) {
            stream.writeBytes(
                    (stray + "\n" + MAPPER.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
        }

        List<String> noise = new ArrayList<>();
        List<JsonNode> read = readAll(new StdioFrames(new ChunkedInput(stream.toByteArray(), pieces)), noise);

        assertThat(read).isEqualTo(asRead(messages));
        assertThat(noise).isEqualTo(java.util.Collections.nCopies(messages.size(), stray));
    }

    @Property(tries = 200)
    void eachMessageComesWithTheUtf8SizeOfItsLine(
            @ForAll("messages") List<ObjectNode> messages,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 70) Integer> pieces)
            throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<Integer> expected = new ArrayList<>();
        for (ObjectNode message : messages) {
            byte[] line = MAPPER.writeValueAsString(message).getBytes(StandardCharsets.UTF_8);
            expected.add(line.length);
            stream.writeBytes(line);
            stream.write('\n');
        }

        StdioFrames frames = new StdioFrames(new ChunkedInput(stream.toByteArray(), pieces));
        List<Integer> sizes = new ArrayList<>();
        for (JsonRpcMessage m = frames.next(line -> {}); m != null; m = frames.next(line -> {})) {
            sizes.add(frames.lastBytes());
        }

        assertThat(sizes).isEqualTo(expected);
    }

    private static List<JsonNode> readAll(StdioFrames frames, List<String> noise) throws IOException {
        List<JsonNode> read = new ArrayList<>();
        for (JsonRpcMessage message = frames.next(noise::add); message != null; message = frames.next(noise::add)) {
            read.add(MAPPER.readTree(MAPPER.writeValueAsString(message.toJson()))); // numbers typed alike
        }
        return read;
    }

    /** The messages as a plain Jackson reader sees their text. */
    private static List<JsonNode> asRead(List<ObjectNode> messages) {
        return messages.stream()
                .map(message -> MAPPER.readTree(MAPPER.writeValueAsString(message)))
                .toList();
    }

    @Provide
    Arbitrary<List<ObjectNode>> messages() {
        return Arbitraries.oneOf(request(), notification(), response()).list().ofMaxSize(12);
    }

    /** A server's log line on stdout: never empty, never JSON. */
    @Provide
    Arbitrary<String> logLine() {
        return TextArbitraries.oneLine(40).filter(text -> !text.isBlank()).map(text -> "[info] " + text);
    }

    private static Arbitrary<ObjectNode> request() {
        return Combinators.combine(id(), TextArbitraries.oneLine(20), params()).as((id, method, params) -> {
            ObjectNode node = envelope();
            node.set("id", id);
            node.put("method", method.isEmpty() ? "tools/call" : method);
            node.set("params", params);
            return node;
        });
    }

    private static Arbitrary<ObjectNode> notification() {
        return Combinators.combine(TextArbitraries.oneLine(20), params()).as((method, params) -> {
            ObjectNode node = envelope();
            node.put("method", "notifications/" + method);
            node.set("params", params);
            return node;
        });
    }

    private static Arbitrary<ObjectNode> response() {
        return Combinators.combine(id(), params()).as((id, result) -> {
            ObjectNode node = envelope();
            node.set("id", id);
            node.set("result", result);
            return node;
        });
    }

    private static ObjectNode envelope() {
        return MAPPER.createObjectNode().put("jsonrpc", "2.0");
    }

    /** String and number ids, as servers use both. */
    private static Arbitrary<JsonNode> id() {
        return Arbitraries.oneOf(
                Arbitraries.longs()
                        .between(0, Long.MAX_VALUE)
                        .map(n -> MAPPER.getNodeFactory().numberNode(n)),
                TextArbitraries.anyText(12).map(text -> MAPPER.getNodeFactory().stringNode(text)));
    }

    /** Objects whose strings hold any text, line breaks and multi-byte characters included. */
    private static Arbitrary<ObjectNode> params() {
        return Combinators.combine(
                        TextArbitraries.anyText(6).list().ofMaxSize(4),
                        TextArbitraries.anyText(60).list().ofMaxSize(4))
                .as((keys, values) -> {
                    ObjectNode node = MAPPER.createObjectNode();
                    for (int i = 0; i < Math.min(keys.size(), values.size()); i++) {
                        node.put(keys.get(i), values.get(i));
                    }
                    node.putArray("list").add(values.size()).add(true).addNull();
                    return node;
                });
    }
}
