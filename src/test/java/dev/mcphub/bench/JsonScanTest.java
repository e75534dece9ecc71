package dev.mcphub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonScanTest {
    private static final String RESPONSE =
            "{\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"Echo: \\\"id\\\": 9\"}],"
                    + "\"isError\":false},\"jsonrpc\":\"2.0\", \"id\" : 42}";

    @Test
    void readsATopLevelFieldAfterNestedValuesThatMentionTheSameKey() {
        assertThat(JsonScan.field(RESPONSE, "id")).isEqualTo("42");
        assertThat(JsonScan.field(JsonScan.field(RESPONSE, "result"), "isError"))
                .isEqualTo("false");
    }

    @Test
    void returnsNullForAnAbsentKeyOrATextThatIsNoObject() {
        assertThat(JsonScan.field(RESPONSE, "error")).isNull();
        assertThat(JsonScan.field("[1,2]", "id")).isNull();
        assertThat(JsonScan.field(null, "id")).isNull();
        assertThat(JsonScan.field("{\"id\":", "id")).isNull();
    }

    @Test
    void unescapesStringValues() {
        assertThat(JsonScan.string("{\"state\":\"re\\\"a\\u0064y\\n\"}", "state"))
                .isEqualTo("re\"ady\n");
        assertThat(JsonScan.string("{\"state\":3}", "state")).isNull();
    }

    @Test
    void readsNumbersWithAFallback() {
        assertThat(JsonScan.number("{\"cps\":1234.5,\"p50Ms\":0.25}", "p50Ms", -1))
                .isEqualTo(0.25);
        assertThat(JsonScan.number("{\"cps\":\"x\"}", "cps", -1)).isEqualTo(-1);
    }

    @Test
    void recognisesTheAnswerToARequestAndAnEchoThatSucceeded() {
        assertThat(JsonRpcText.answers(RESPONSE, 42)).isTrue();
        assertThat(JsonRpcText.answers(RESPONSE, 4)).isFalse();
        assertThat(JsonRpcText.succeeded(JsonScan.field(RESPONSE, "result"), "Echo: "))
                .isTrue();
        assertThat(JsonRpcText.succeeded("{\"content\":[],\"isError\":true}", ""))
                .isFalse();
        assertThat(JsonRpcText.succeeded(null, "")).isFalse();
    }
}
