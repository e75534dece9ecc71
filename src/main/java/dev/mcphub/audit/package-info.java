/**
 * The audit trail: one JSON line per tool call, prompt get, resource read, admin action and (rate-limited)
 * failed sign-in, saying when, who, which server and item, how long, with what outcome and how many bytes, in
 * a rotating file in the state directory, and the query behind {@code GET /api/audit}. Argument values and
 * results are written only when the operator asked for payloads.
 *
 * <p>It knows nothing of HTTP, MCP sessions or credentials: callers hand it finished entries, which never hold
 * a key or token.
 */
package dev.mcphub.audit;
