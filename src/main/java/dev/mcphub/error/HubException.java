package dev.mcphub.error;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The hub's one exception type. The message names the server and the field it is about; {@code data}
 * carries the same facts for programs. An upstream JSON-RPC error keeps its numeric code in {@link
 * #wireCode()} so that clients see what the server said.
 */
public final class HubException extends RuntimeException {
    private final ErrorCode code;
    private final transient Map<String, Object> data;
    private final @Nullable Integer rpcCode;

    public HubException(ErrorCode code, String message) {
        this(code, message, Map.of(), null, null);
    }

    public HubException(ErrorCode code, String message, @Nullable Map<String, ?> data) {
        this(code, message, data, null, null);
    }

    public HubException(ErrorCode code, String message, @Nullable Map<String, ?> data, @Nullable Throwable cause) {
        this(code, message, data, null, cause);
    }

    private HubException(
            ErrorCode code,
            String message,
            @Nullable Map<String, ?> data,
            @Nullable Integer rpcCode,
            @Nullable Throwable cause) {
        super(message, cause);
        this.code = code;
        this.data = data == null ? Map.of() : unmodifiableCopy(data);
        this.rpcCode = rpcCode;
    }

    /** An upstream's JSON-RPC error, passed on with its own numeric code. */
    public static HubException upstream(String message, int rpcCode, @Nullable Map<String, ?> data) {
        return new HubException(ErrorCode.UPSTREAM_ERROR, message, data, rpcCode, null);
    }

    public ErrorCode code() {
        return code;
    }

    /** The value of the {@code code} field on the wire: the upstream's number, else the code's name. */
    public Object wireCode() {
        return rpcCode != null ? rpcCode : code.name();
    }

    /** The upstream's JSON-RPC error code, when this wraps one. */
    public @Nullable Integer rpcCode() {
        return rpcCode;
    }

    public Map<String, Object> data() {
        return data;
    }

    private static Map<String, Object> unmodifiableCopy(Map<String, ?> data) {
        // LinkedHashMap rather than Map.copyOf: keeps the order fields were given in and allows null values.
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }
}
