package dev.mcphub.marketplace;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The hosts a {@code NO_PROXY} value exempts from the proxy, with the conventions curl and most tools share:
 * entries separated by commas or spaces; {@code *} exempts everything; {@code example.com},
 * {@code .example.com} and {@code *.example.com} all exempt the domain and its subdomains; an entry may
 * end in {@code :port} to exempt only that port; IP literals match by address ({@code [::1]} or bare
 * {@code ::1}), and {@code 10.0.0.0/8}-style CIDR blocks by prefix. Host names are never resolved.
 */
final class NoProxy {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    private record Rule(String domain, byte[] address, int prefixBits, int port) {
        boolean matches(String host, byte[] hostAddress, int hostPort) {
            if (port != -1 && port != hostPort) {
                return false;
            }
            if (domain != null) {
                return host.equals(domain) || host.endsWith("." + domain);
            }
            return hostAddress != null && sameNetwork(address, hostAddress, prefixBits);
        }
    }

    private final boolean all;
    private final List<Rule> rules;

    private NoProxy(boolean all, List<Rule> rules) {
        this.all = all;
        this.rules = List.copyOf(rules);
    }

    static NoProxy parse(String value) {
        boolean all = false;
        List<Rule> rules = new ArrayList<>();
        if (value != null) {
            for (String entry : value.toLowerCase(Locale.ROOT).split("[,\\s]+")) {
                if (entry.equals("*")) {
                    all = true;
                } else if (!entry.isEmpty()) {
                    Rule rule = rule(entry);
                    if (rule != null) {
                        rules.add(rule);
                    }
                }
            }
        }
        return new NoProxy(all, rules);
    }

    /** Whether a request to {@code host:port} goes direct. */
    boolean bypasses(String host, int port) {
        if (all) {
            return true;
        }
        String name = unbracket(host.toLowerCase(Locale.ROOT));
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        byte[] address = literal(name);
        for (Rule rule : rules) {
            if (rule.matches(name, address, port)) {
                return true;
            }
        }
        return false;
    }

    private static Rule rule(String entry) {
        String host = entry;
        int port = -1;
        int colon = entry.lastIndexOf(':');
        boolean bracketed = entry.startsWith("[");
        // A port follows the last colon only when the host part is not a bare IPv6 literal.
        if (colon > 0 && (bracketed ? entry.charAt(colon - 1) == ']' : entry.indexOf(':') == colon)) {
            String digits = entry.substring(colon + 1);
            if (!PORT.matcher(digits).matches()) {
                return null;
            }
            port = Integer.parseInt(digits);
            host = entry.substring(0, colon);
        }
        host = unbracket(host);
        int slash = host.indexOf('/');
        String addressPart = slash < 0 ? host : host.substring(0, slash);
        byte[] address = literal(addressPart);
        if (address != null) {
            int maxBits = address.length * 8;
            int bits = slash < 0 ? maxBits : prefix(host.substring(slash + 1), maxBits);
            return bits < 0 ? null : new Rule(null, address, bits, port);
        }
        if (slash >= 0) {
            return null;
        }
        String domain = host.startsWith("*.") ? host.substring(2) : host.startsWith(".") ? host.substring(1) : host;
        return domain.isEmpty() ? null : new Rule(domain, null, 0, port);
    }

    private static int prefix(String digits, int maxBits) {
        if (!PORT.matcher(digits).matches()) {
            return -1;
        }
        int bits = Integer.parseInt(digits);
        return bits <= maxBits ? bits : -1;
    }

    /** The bytes of an IP literal, or null for a host name (never looked up). */
    private static byte[] literal(String host) {
        if (IPV4.matcher(host).matches()) {
            byte[] bytes = new byte[4];
            String[] octets = host.split("\\.");
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(octets[i]);
                if (octet > 255) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            return bytes;
        }
        if (!host.contains(":")) {
            return null;
        }
        try {
            // Safe: with a colon in it, getByName parses an IPv6 literal or fails; it never looks a name up.
            return InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean sameNetwork(byte[] network, byte[] address, int prefixBits) {
        if (network.length != address.length) {
            return false;
        }
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) {
            if (network[i] != address[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (network[full] & mask) == (address[full] & mask);
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
