package dev.mcphub.audit;

import dev.mcphub.json.Json;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One audited action.
 *
 * @param who {@code key:<name>}, {@code token:<subject>}, {@code local}, or the source address of a failed sign-in
 * @param client the OAuth client id or the MCP client's name, or null
 * @param via {@code mcp}, {@code rest} or {@code auth}
 * @param action {@code tools/call}, {@code prompts/get}, {@code resources/read}, {@code servers/start}, {@code
 *     sign-in}, ...
 * @param server the server concerned, or null
 * @param item the tool, prompt or resource, or null
 * @param requestBytes size of the arguments sent, or -1
 * @param responseBytes size of the result, or -1
 * @param detail an error message or reason, or null
 * @param arguments argument values, only with payload auditing on, else null
 * @param result the result, only with payload auditing on, else null
 */
public record AuditEntry(
        Instant time,
        String who,
        @Nullable String client,
        String via,
        String action,
        @Nullable String server,
        @Nullable String item,
        long durationMs,
        Outcome outcome,
        long requestBytes,
        long responseBytes,
        @Nullable String detail,
        @Nullable JsonNode arguments,
        @Nullable JsonNode result) {

    /** How an action ended. */
    public enum Outcome {
        OK("ok"),
        TOOL_ERROR("tool_error"),
        PROTOCOL_ERROR("protocol_error"),
        DENIED("denied"),
        FAILED_SIGN_IN("failed_sign_in");

        private final String wire;

        Outcome(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** A failed sign-in from {@code address}; {@code suppressed} earlier ones were not written on their own. */
    public static AuditEntry failedSignIn(String address, String path, String reason, long suppressed) {
        String detail = reason + (suppressed > 0 ? " (and " + suppressed + " more failures from this address)" : "");
        return new AuditEntry(
                Instant.now(),
                address,
                null,
                "auth",
                "sign-in " + path,
                null,
                null,
                0,
                Outcome.FAILED_SIGN_IN,
                -1,
                -1,
                detail,
                null,
                null);
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("time", time.toString());
        node.put("who", who);
        putIf(node, "client", client);
        node.put("via", via);
        node.put("action", action);
        putIf(node, "server", server);
        putIf(node, "item", item);
        node.put("durationMs", durationMs);
        node.put("outcome", outcome.wire());
        if (requestBytes >= 0) {
            node.put("requestBytes", requestBytes);
        }
        if (responseBytes >= 0) {
            node.put("responseBytes", responseBytes);
        }
        putIf(node, "detail", detail);
        if (arguments != null) {
            node.set("arguments", arguments);
        }
        if (result != null) {
            node.set("result", result);
        }
        return node;
    }

    private static void putIf(ObjectNode node, String field, @Nullable String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
