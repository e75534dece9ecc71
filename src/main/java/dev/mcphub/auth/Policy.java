package dev.mcphub.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * When the hub may start: on loopback anything goes, as it always did; on any other address only with
 * authentication configured or the operator's explicit {@code --allow-unauthenticated}. The address is
 * judged without binding it.
 */
public final class Policy {
    private Policy() {}

    /** Whether {@code host} names only loopback addresses (a name that does not resolve is not). */
    public static boolean loopback(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress address : all) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The one-line reason the hub must not start, or null when it may. */
    public static String refusal(String host, AuthSettings auth, boolean allowUnauthenticated) {
        boolean loopback = loopback(host);
        if (!loopback && !auth.enabled() && !allowUnauthenticated) {
            return "refusing to listen on " + host + " without authentication: configure --auth-issuer or API keys"
                    + " (mcp-hub keys create NAME), or pass --allow-unauthenticated to expose every server to anyone"
                    + " who can reach the port";
        }
        if (auth.oauth() && auth.resource() == null && wildcard(host)) {
            return "--auth-resource URL is needed with --host " + host
                    + ": tokens name the hub's public URL as their audience, and a wildcard address is not one";
        }
        return null;
    }

    private static boolean wildcard(String host) {
        try {
            return InetAddress.getByName(host).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
