package dev.mcphub.error;

/**
 * What went wrong, in words a client can act on. The names are the wire values of the reference's
 * {@code code} field where it has one.
 */
public enum ErrorCode {
    /** A malformed body, a missing or wrongly typed field. */
    VALIDATION_ERROR,
    /** The request body is larger than the hub accepts. */
    PAYLOAD_TOO_LARGE,
    /** No route at that path. */
    ROUTE_NOT_FOUND,
    /** The path exists but not with that HTTP method; the answer names the allowed ones. */
    METHOD_NOT_ALLOWED,
    SERVER_NOT_FOUND,
    /** No profile of that name in the config. */
    PROFILE_NOT_FOUND,
    TOOL_NOT_FOUND,
    PROMPT_NOT_FOUND,
    RESOURCE_NOT_FOUND,
    /** The server exists but is not connected (stopped, disabled, crashed, connecting, unauthorized). */
    SERVER_NOT_CONNECTED,
    /** The upstream answered a request with a JSON-RPC error, or its connection broke during the call. */
    UPSTREAM_ERROR,
    /** The upstream did not answer within the request's timeout. */
    UPSTREAM_TIMEOUT,
    /** A server could not be connected. */
    CONNECTION_ERROR,
    /** A config file could not be read, parsed or validated, or a placeholder could not be resolved. */
    CONFIG_ERROR,
    HUB_RESTART_ERROR,
    WORKSPACE_ERROR,
    MARKETPLACE_ERROR,
    OAUTH_ERROR,
    /** A request from a foreign web origin or to a foreign host name. */
    FORBIDDEN,
    /** The hub is shutting down or not ready to take this request. */
    UNAVAILABLE,
    INTERNAL_ERROR
}
