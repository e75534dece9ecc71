package dev.mcphub.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import tools.jackson.databind.JsonNode;

/**
 * The attribute names of the OpenTelemetry semantic conventions for MCP (development status) and GenAI that
 * the hub sets, and the hub's own ({@code mcphub.*}) where the conventions have none.
 */
final class Semconv {
    static final AttributeKey<String> MCP_METHOD = AttributeKey.stringKey("mcp.method.name");
    static final AttributeKey<String> MCP_SESSION = AttributeKey.stringKey("mcp.session.id");
    static final AttributeKey<String> MCP_PROTOCOL_VERSION = AttributeKey.stringKey("mcp.protocol.version");
    static final AttributeKey<String> MCP_RESOURCE_URI = AttributeKey.stringKey("mcp.resource.uri");
    static final AttributeKey<String> JSONRPC_REQUEST_ID = AttributeKey.stringKey("jsonrpc.request.id");
    static final AttributeKey<String> JSONRPC_VERSION = AttributeKey.stringKey("jsonrpc.protocol.version");
    static final AttributeKey<String> RPC_STATUS = AttributeKey.stringKey("rpc.response.status_code");
    static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> PROMPT_NAME = AttributeKey.stringKey("gen_ai.prompt.name");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> NETWORK_TRANSPORT = AttributeKey.stringKey("network.transport");
    static final AttributeKey<String> NETWORK_PROTOCOL = AttributeKey.stringKey("network.protocol.name");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    /** The configured name of the server a request went to. */
    static final AttributeKey<String> SERVER = AttributeKey.stringKey("mcphub.server");
    /** How a request to a server ended: ok, tool_error, protocol_error, timeout, cancelled. */
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("mcphub.outcome");
    /** Bytes of the request and of its answer as JSON-RPC messages on the wire (UTF-8), as the transport had them. */
    static final AttributeKey<Long> REQUEST_SIZE = AttributeKey.longKey("mcphub.request.size");

    static final AttributeKey<Long> RESPONSE_SIZE = AttributeKey.longKey("mcphub.response.size");

    private Semconv() {}

    /** {@code {method} {target}}: the target is the tool or prompt name, never a URI (high cardinality). */
    static String spanName(String method, JsonNode params) {
        String target = target(method, params);
        return target == null ? method : method + " " + target;
    }

    static String target(String method, JsonNode params) {
        if (params == null || !("tools/call".equals(method) || "prompts/get".equals(method))) {
            return null;
        }
        JsonNode name = params.get("name");
        return name != null && name.isString() ? name.asString() : null;
    }

    /** The method's own attributes: tool, prompt or resource ({@code mcp.method.name} is set at the start). */
    static void describe(Span span, String method, JsonNode params) {
        String target = target(method, params);
        if ("tools/call".equals(method)) {
            span.setAttribute(OPERATION, "execute_tool");
            if (target != null) {
                span.setAttribute(TOOL_NAME, target);
            }
        } else if ("prompts/get".equals(method) && target != null) {
            span.setAttribute(PROMPT_NAME, target);
        } else if (params != null && params.get("uri") instanceof JsonNode uri && uri.isString()) {
            span.setAttribute(MCP_RESOURCE_URI, uri.asString());
        }
    }
}
