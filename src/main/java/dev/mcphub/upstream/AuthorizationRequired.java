package dev.mcphub.upstream;

/** A remote server answered 401: the user must authorize the hub first (OAuth). */
public final class AuthorizationRequired extends Exception {
    private final String authorizationUrl;

    public AuthorizationRequired(String message, String authorizationUrl) {
        super(message);
        this.authorizationUrl = authorizationUrl;
    }

    /** Where the user authorizes the hub, or null when no OAuth flow could be prepared. */
    public String authorizationUrl() {
        return authorizationUrl;
    }
}
