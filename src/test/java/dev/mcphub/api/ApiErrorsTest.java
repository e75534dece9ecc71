package dev.mcphub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ApiErrorsTest {
    @Test
    void eachKindOfFailureHasAnHonestStatus() {
        assertThat(ApiErrors.status(ErrorCode.VALIDATION_ERROR)).isEqualTo(400);
        assertThat(ApiErrors.status(ErrorCode.SERVER_NOT_FOUND)).isEqualTo(404);
        assertThat(ApiErrors.status(ErrorCode.TOOL_NOT_FOUND)).isEqualTo(404);
        assertThat(ApiErrors.status(ErrorCode.PROMPT_NOT_FOUND)).isEqualTo(404);
        assertThat(ApiErrors.status(ErrorCode.ROUTE_NOT_FOUND)).isEqualTo(404);
        assertThat(ApiErrors.status(ErrorCode.PAYLOAD_TOO_LARGE)).isEqualTo(413);
        assertThat(ApiErrors.status(ErrorCode.UPSTREAM_ERROR)).isEqualTo(502);
        assertThat(ApiErrors.status(ErrorCode.SERVER_NOT_CONNECTED)).isEqualTo(503);
        assertThat(ApiErrors.status(ErrorCode.UPSTREAM_TIMEOUT)).isEqualTo(504);
        assertThat(ApiErrors.status(ErrorCode.INTERNAL_ERROR)).isEqualTo(500);
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
