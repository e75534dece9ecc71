package dev.mcphub.upstream.oauth;

/**
 * An authorization server refused a request or could not be reached. The message is the server's error code
 * and description, never what was sent.
 */
final class OAuthFailure extends Exception {
    private final String error;
    private final boolean rejected;

    private OAuthFailure(String error, String message, boolean rejected) {
        super(message, null, false, false);
        this.error = error;
        this.rejected = rejected;
    }

    /** The server answered with an OAuth error (or a client error status without one). */
    static OAuthFailure answered(int status, String error, String description) {
        String code = error != null ? error : "HTTP " + status;
        boolean temporary = status >= 500
                || status == 429
                || "server_error".equals(error)
                || "temporarily_unavailable".equals(error);
        String message = description == null || description.isBlank() ? code : code + ": " + description;
        return new OAuthFailure(code, message, !temporary);
    }

    /** The server could not be reached or answered nothing usable: worth trying again later. */
    static OAuthFailure unreachable(String why) {
        return new OAuthFailure(null, why, false);
    }

    /** The OAuth error code (invalid_grant, access_denied ...), or null when the server was not reached. */
    String error() {
        return error;
    }

    /** The server said no: the same grant or client will not work later either. */
    boolean rejected() {
        return rejected;
    }
}
