package dev.mcphub.auth;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.Request;

/**
 * The decision the door made about one request: who is calling (a key name or a token subject, and the
 * OAuth client), what they may do, and on which servers. Every handler behind the door asks this object and
 * nothing else, so the checks live in one place a future call path can take along.
 *
 * @param who {@code key:<name>}, {@code token:<subject>}, or {@code local} without authentication
 * @param client the OAuth client id of a token, or null
 * @param permissions what is allowed, implications included (admin includes call includes read)
 * @param servers the only servers this caller may use, or null for all
 * @param profiles the only profiles whose endpoints ({@code /profiles/<name>/mcp}) this caller may use, or null
 *     for any endpoint; a caller bound to profiles cannot use {@code /mcp} or a server's own endpoint, nor call
 *     through REST
 */
public record Access(
        String who, String client, Set<Permission> permissions, Set<String> servers, Set<String> profiles) {
    /** The request attribute the door sets. */
    public static final String ATTRIBUTE = Access.class.getName();

    /** A hub without authentication (loopback, or explicitly allowed): everything, as before. */
    public static final Access LOCAL = new Access("local", null, EnumSet.allOf(Permission.class), null);

    /** Nothing at all: what a request the door never saw gets, so a forgotten path denies. */
    public static final Access NONE = new Access("nobody", null, EnumSet.noneOf(Permission.class), Set.of());

    public Access {
        permissions = Set.copyOf(Permission.implied(permissions));
        servers = servers == null ? null : Set.copyOf(servers);
        profiles = profiles == null ? null : Set.copyOf(profiles);
    }

    /** A caller not bound to profiles. */
    public Access(String who, String client, Set<Permission> permissions, Set<String> servers) {
        this(who, client, permissions, servers, null);
    }

    /** Whether this caller may use only some profiles' endpoints. */
    public boolean boundToProfiles() {
        return profiles != null;
    }

    /** Whether the endpoint of profile {@code name} is this caller's to use. */
    public boolean mayUseProfile(String name) {
        return profiles == null || profiles.contains(name);
    }

    /** The message of a refusal of an endpoint outside the caller's profiles. */
    public String outsideProfiles(String endpoint) {
        return "Forbidden: " + who + " may use only the endpoints of its profiles ("
                + profiles.stream().sorted().map(p -> "/profiles/" + p + "/mcp").collect(Collectors.joining(", "))
                + "), not " + endpoint;
    }

    public static Access of(Request request) {
        return request.getAttribute(ATTRIBUTE) instanceof Access access ? access : NONE;
    }

    public boolean allows(Permission permission) {
        return permissions.contains(permission);
    }

    public boolean mayUse(String server) {
        return servers == null || servers.contains(server);
    }

    /** Whether every server is visible (the common case, which needs no filtering). */
    public boolean allServers() {
        return servers == null;
    }

    /** For audit lines and messages: {@code key:ci (read, call)}. */
    public String describe() {
        return who + " (" + words() + ")";
    }

    /** The granted permissions as words, in order. */
    public String words() {
        List<String> words = java.util.Arrays.stream(Permission.values())
                .filter(permissions::contains)
                .map(Permission::word)
                .toList();
        return words.isEmpty() ? "none" : String.join(", ", words);
    }

    /** The message of a refusal for want of a permission. */
    public String lacks(Permission permission, String what) {
        return "Forbidden: " + what + " needs the " + permission.word() + " scope; " + who + " has " + words();
    }

    /** The message of a refusal for a server outside the caller's limit. */
    public String outside(String server) {
        return "Forbidden: " + who + " may not use server '" + server + "' (allowed: "
                + servers.stream().sorted().collect(Collectors.joining(", ")) + ")";
    }
}
