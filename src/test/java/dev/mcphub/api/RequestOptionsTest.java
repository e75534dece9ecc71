package dev.mcphub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import dev.mcphub.upstream.CallOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestOptionsTest {
    @Test
    void withoutOptionsACallWaitsSixtySecondsAsTheReferenceSdkDoes() {
        CallOptions options = RequestOptions.from(null);

        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.maxTotal()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void timeoutIsInMilliseconds() {
        CallOptions options = RequestOptions.from(Json.parse("{\"timeout\":1500}"));

        assertThat(options.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(options.maxTotal()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aMaxTotalTimeoutShorterThanTheTimeoutIsRaisedToIt() {
        assertThat(RequestOptions.from(Json.parse("{\"timeout\":5000,\"maxTotalTimeout\":1000}"))
                        .maxTotal())
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(RequestOptions.from(Json.parse("{\"timeout\":5000,\"maxTotalTimeout\":9000}"))
                        .maxTotal())
                .isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void optionsThatAreNotAnObjectOrNotPositiveNumbersAreValidationErrorsNamingTheField() {
        assertInvalid("[1]", "request_options");
        assertInvalid("{\"timeout\":0}", "request_options.timeout");
        assertInvalid("{\"timeout\":\"10\"}", "request_options.timeout");
        assertInvalid("{\"maxTotalTimeout\":-1}", "request_options.maxTotalTimeout");
    }

    private static void assertInvalid(String options, String field) {
        assertThatThrownBy(() -> RequestOptions.from(Json.parse(options)))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
                    assertThat(e.data()).containsEntry("field", field);
                    assertThat(e.getMessage()).contains(field);
                });
    }
}
