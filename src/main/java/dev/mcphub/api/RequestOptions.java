package dev.mcphub.api;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.upstream.CallOptions;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code request_options} of a REST call, as the reference passes them to its SDK: {@code timeout} (ms,
 * default 60 s), {@code maxTotalTimeout} (ms), {@code resetTimeoutOnProgress}.
 */
final class RequestOptions {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private RequestOptions() {}

    static CallOptions from(JsonNode options) {
        if (options == null || options.isNull()) {
            return CallOptions.timeout(DEFAULT_TIMEOUT);
        }
        if (!options.isObject()) {
            throw invalid("request_options", "must be an object");
        }
        Duration timeout = millis(options, "timeout", DEFAULT_TIMEOUT);
        Duration maxTotal = millis(options, "maxTotalTimeout", timeout);
        return new CallOptions(timeout, maxTotal.compareTo(timeout) < 0 ? timeout : maxTotal, null, null);
    }

    private static Duration millis(JsonNode options, String field, Duration fallback) {
        JsonNode value = options.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber() || value.asLong() <= 0) {
            throw invalid("request_options." + field, "must be a positive number of milliseconds");
        }
        return Duration.ofMillis(value.asLong());
    }

    private static HubException invalid(String field, String why) {
        return new HubException(ErrorCode.VALIDATION_ERROR, "'" + field + "' " + why, Map.of("field", field));
    }
}
