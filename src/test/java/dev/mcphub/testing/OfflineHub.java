package dev.mcphub.testing;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rule that keeps every test hub on loopback: its command line either says {@code --no-marketplace}, or
 * points both the registry ({@code --marketplace-url}) and the README host ({@code --github-raw-url}) at loopback
 * addresses. {@link HubProcess} adds {@code --no-marketplace} by default and checks every command it runs, so a new
 * test cannot start a hub that fetches the public registry in the background.
 */
public final class OfflineHub {
    public static final String NO_MARKETPLACE = "--no-marketplace";
    public static final String MARKETPLACE_URL = "--marketplace-url";
    public static final String GITHUB_RAW_URL = "--github-raw-url";
    /** The hub reads its registry address from this variable when no flag gives one. */
    public static final String MARKETPLACE_ENV = "MCP_HUB_MARKETPLACE_URL";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private OfflineHub() {}

    /** The hub's arguments with {@code --no-marketplace} added, unless the test chose a marketplace itself. */
    public static List<String> arguments(List<String> args) {
        List<String> all = new ArrayList<>(args);
        if (!all.contains(NO_MARKETPLACE) && !all.contains(MARKETPLACE_URL)) {
            all.add(NO_MARKETPLACE);
        }
        return all;
    }

    /**
     * Throws unless the hub started by {@code command} with {@code environment} stays on loopback.
     *
     * @throws IllegalStateException naming what is wrong and how to fix it
     */
    public static void check(List<String> command, Map<String, String> environment) {
        if (command.contains(NO_MARKETPLACE)) {
            return;
        }
        String registry = value(command, MARKETPLACE_URL);
        if (registry == null && environment.containsKey(MARKETPLACE_ENV)) {
            registry = environment.get(MARKETPLACE_ENV);
        }
        String raw = value(command, GITHUB_RAW_URL);
        if (registry == null || raw == null) {
            throw new IllegalStateException("a test hub would reach the public marketplace: start it with "
                    + NO_MARKETPLACE + " (the default of HubProcess) or HubProcess.Builder.marketplace(registry, raw)"
                    + " on loopback; command: " + command);
        }
        requireLoopback(MARKETPLACE_URL, registry);
        requireLoopback(GITHUB_RAW_URL, raw);
    }

    private static String value(List<String> command, String flag) {
        String found = null;
        for (int i = 0; i < command.size(); i++) {
            String arg = command.get(i);
            if (arg.equals(flag) && i + 1 < command.size()) {
                found = command.get(i + 1);
            } else if (arg.startsWith(flag + "=")) {
                found = arg.substring(flag.length() + 1);
            }
        }
        return found;
    }

    private static void requireLoopback(String flag, String url) {
        String host = URI.create(url).getHost();
        if (host == null || !isLoopback(host)) {
            throw new IllegalStateException(
                    "a test hub may only reach a marketplace on loopback, but " + flag + " is " + url);
        }
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        // Only literal addresses: a name would need DNS, and DNS is off limits for tests too.
        if (!IPV4.matcher(host).matches() && !(host.startsWith("[") && host.endsWith("]"))) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
