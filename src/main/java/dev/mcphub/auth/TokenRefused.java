package dev.mcphub.auth;

/** An access token the hub does not accept, with a reason fit for {@code error_description} (no token in it). */
public final class TokenRefused extends Exception {
    public TokenRefused(String reason) {
        super(reason, null, false, false);
    }
}
