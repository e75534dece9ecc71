package dev.mcphub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.node.ObjectNode;

class ApiErrorsTest {
    /**
     * Which code answers which status is shown over HTTP by RestErrorsIT (a real 404, 413, 502, 503, 504...);
     * here only that no code, present or future, can answer a success or a non-error.
     */
    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyErrorCodeAnswersAnErrorStatus(ErrorCode code) {
        assertThat(ApiErrors.status(code)).isBetween(400, 599);
    }

    @Test
    void theBodyIsErrorCodeDataTimestamp() {
        ObjectNode body = ApiErrors.body(
                new HubException(ErrorCode.SERVER_NOT_FOUND, "Server 'x' not found", Map.of("server", "x")));

        List<String> fields = new ArrayList<>();
        body.propertyNames().forEach(fields::add);
        assertThat(fields).containsExactly("error", "code", "data", "timestamp");
        assertThat(body.get("error").asString()).isEqualTo("Server 'x' not found");
        assertThat(body.get("code").asString()).isEqualTo("SERVER_NOT_FOUND");
        assertThat(body.at("/data/server").asString()).isEqualTo("x");
        assertThat(Instant.parse(body.get("timestamp").asString())).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void anUpstreamJsonRpcErrorKeepsItsNumericCode() {
        ObjectNode body = ApiErrors.body(HubException.upstream("Invalid params", -32602, Map.of("server", "x")));

        assertThat(body.get("code").isInt()).isTrue();
        assertThat(body.get("code").asInt()).isEqualTo(-32602);
        assertThat(body.get("data").isObject()).isTrue();
    }
}
