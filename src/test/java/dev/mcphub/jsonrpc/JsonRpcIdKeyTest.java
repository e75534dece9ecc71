package dev.mcphub.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.json.Json;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** The in-flight map key of a request id: a cancellation must find its call whatever the id looks like. */
class JsonRpcIdKeyTest {
    private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();

    @Property(tries = 300)
    void twoIdsShareAKeyExactlyWhenTheyAreTheSameJsonValue(
            @ForAll long a, @ForAll long b, @ForAll String s, @ForAll String t) {
        JsonNode[] ids = {NODES.numberNode(a), NODES.numberNode(b), NODES.stringNode(s), NODES.stringNode(t)};
        for (JsonNode x : ids) {
            for (JsonNode y : ids) {
                assertThat(JsonRpc.idKey(x).equals(JsonRpc.idKey(y)))
                        .as("%s vs %s", x, y)
                        .isEqualTo(x.equals(y));
            }
        }
    }

    @Property(tries = 100)
    void anIntegerIdHasOneKeyHoweverJacksonHoldsIt(@ForAll int n) {
        String key = JsonRpc.idKey(NODES.numberNode(n));
        assertThat(JsonRpc.idKey(NODES.numberNode((long) n))).isEqualTo(key);
        assertThat(JsonRpc.idKey(NODES.numberNode(BigInteger.valueOf(n)))).isEqualTo(key);
        assertThat(JsonRpc.idKey(Json.parse(Integer.toString(n)))).isEqualTo(key);
        assertThat(key).isNotEqualTo(JsonRpc.idKey(NODES.stringNode(Integer.toString(n))));
    }
}
