package dev.mcphub.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpcMessage.Request;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ParamHeadersTest {
    private static final JsonNode SCHEMA = Json.parse("""
            {"type":"object","properties":{
              "region":{"type":"string","x-mcp-header":"Region"},
              "count":{"type":"integer","x-mcp-header":"Count"},
              "note":{"type":"string"},
              "nested":{"type":"object","properties":{"zone":{"type":"string","x-mcp-header":"Zone"}}},
              "list":{"type":"array","items":{"type":"string","x-mcp-header":"Item"}}}}
            """);

    private static Map<String, String> headersFor(String tool, String arguments) {
        JsonNode params = Json.object().put("name", tool).set("arguments", Json.parse(arguments));
        Request call = new Request(Json.MAPPER.getNodeFactory().numberNode(1), "tools/call", params);
        return ParamHeaders.of(call, name -> name.equals("t") ? SCHEMA : null);
    }

    @Test
    void markedArgumentsTheCallCarriesBecomeHeadersThroughPropertiesOnly() {
        assertThat(headersFor("t", """
                        {"region":"eu-west","count":3,"note":"x","nested":{"zone":"b"},"list":["a"]}"""))
                .containsExactly(
                        Map.entry("Mcp-Param-Region", "eu-west"),
                        Map.entry("Mcp-Param-Count", "3"),
                        Map.entry("Mcp-Param-Zone", "b"));
    }

    @Test
    void aValueThatIsNotAPlainHeaderValueIsSentInTheBase64SentinelForm() {
        assertThat(headersFor("t", "{\"region\":\"Zürich \"}"))
                .containsExactly(Map.entry("Mcp-Param-Region", "=?base64?WsO8cmljaCA=?="));
    }

    @Test
    void anArgumentLeftOutOrAToolNotListedGetsNoHeader() {
        assertThat(headersFor("t", "{\"note\":\"x\"}")).isEmpty();
        assertThat(headersFor("other", "{\"region\":\"eu\"}")).isEmpty();
    }
}
