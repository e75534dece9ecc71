package dev.mcphub.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.eclipse.jetty.server.Request;

/**
 * A random token made when the hub starts, which a page must send back in {@link #HEADER} with requests that
 * change something. A foreign page cannot read it (the Origin check refuses it every answer), so it cannot forge
 * such a request even where a browser would send one without an Origin.
 */
public final class CsrfToken {
    public static final String HEADER = "X-MCP-Hub-Token";

    private final String value;

    public CsrfToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String value() {
        return value;
    }

    /** Null when the request carries the token, else why it is refused. */
    public String rejection(Request request) {
        String sent = request.getHeaders().get(HEADER);
        if (sent == null) {
            return "Missing " + HEADER + " header: this request changes the hub and needs the token from GET"
                    + " /api/dashboard/session";
        }
        boolean same =
                MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
        return same ? null : "Wrong " + HEADER + " header: reload the page to get the hub's current token";
    }
}
