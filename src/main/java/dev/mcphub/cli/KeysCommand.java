package dev.mcphub.cli;

import dev.mcphub.auth.ApiKey;
import dev.mcphub.auth.ApiKeys;
import dev.mcphub.auth.KeyFile;
import dev.mcphub.auth.Permission;
import dev.mcphub.config.HubDirs;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mcp-hub keys create|list|revoke}: API keys for scripts, CI and editor plugins. The key is printed
 * once, on stdout alone so that a script can capture it; only its hash is stored. A running hub sees every
 * change within a second.
 */
@Command(
        name = "keys",
        description = "Create, list and revoke API keys (stored as hashes in the state directory)",
        mixinStandardHelpOptions = true,
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /**
     * {@code --redis URL} (else {@code MCP_HUB_REDIS_URL}) on each subcommand: the cluster's keys, read and written
     * in Redis as well as in this machine's key file, so a key made or revoked here holds on every replica at once.
     */
    static final class Cluster {
        @Option(
                names = "--redis",
                paramLabel = "URL",
                description = "The cluster's Redis (also: MCP_HUB_REDIS_URL): the key is created or revoked on every"
                        + " replica, not only in this machine's key file")
        java.net.URI redis;

        /**
         * Runs {@code action} on the keys, shared through Redis when there is one; says so, with {@code whenAway},
         * when Redis was away.
         */
        <T> T with(PrintWriter err, String whenAway, KeysAction<T> action) throws IOException {
            ApiKeys keys = new ApiKeys(
                    new KeyFile(AuthOptions.keyFile(HubDirs.fromEnvironment(System.getenv()))), Clock.systemUTC());
            java.net.URI url = redis;
            String fromEnv = System.getenv("MCP_HUB_REDIS_URL");
            if (url == null && fromEnv != null && !fromEnv.isBlank()) {
                url = java.net.URI.create(fromEnv.strip());
            }
            if (url == null) {
                return action.run(keys);
            }
            // Its warning speaks of a replica's sessions; this command says what Redis being away means here.
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(dev.mcphub.cluster.RedisSessions.class))
                    .setLevel(ch.qos.logback.classic.Level.ERROR);
            try (dev.mcphub.cluster.RedisSessions redis =
                    new dev.mcphub.cluster.RedisSessions(url, "keys-cli", Duration.ofMinutes(1))) {
                keys.share(new dev.mcphub.cluster.RedisKeys(redis));
                T result = action.run(keys);
                if (!redis.reachable()) {
                    err.println("mcp-hub keys: Redis at " + redis.where() + " is unreachable: " + whenAway);
                }
                return result;
            }
        }
    }

    private static final String CHANGED_HERE = "only this machine's key file has the change; the hub using that"
            + " file gives it to Redis when Redis answers.";

    interface KeysAction<T> {
        T run(ApiKeys keys) throws IOException;
    }

    @Command(name = "create", description = "Create a key and print it (once)", mixinStandardHelpOptions = true)
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Cluster cluster = new Cluster();

        @Parameters(paramLabel = "NAME", description = "A name for the key: who or what uses it (shown in the audit)")
        String name;

        @Option(
                names = "--scope",
                paramLabel = "SCOPE",
                split = ",",
                description = "read, call or admin (admin includes call, call includes read); default: call")
        List<String> scopes = new ArrayList<>(List.of("call"));

        @Option(
                names = "--server",
                paramLabel = "NAME",
                split = ",",
                description = "Only these servers, repeatable or comma-separated (default: every server)")
        List<String> servers;

        @Option(
                names = "--profile",
                paramLabel = "NAME",
                split = ",",
                description = "Only these profiles' endpoints (/profiles/NAME/mcp), repeatable or comma-separated;"
                        + " such a key cannot use /mcp or call through REST (default: any endpoint)")
        List<String> profiles;

        @Option(
                names = "--expires",
                paramLabel = "WHEN",
                description = "A lifetime (30d, 12h, 45m) or a date (2027-01-31) or instant; default: never")
        String expires;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            if (!name.matches("[A-Za-z0-9._@-]{1,64}")) {
                err.println("mcp-hub keys: a key name is 1 to 64 letters, digits or . _ @ -");
                return 2;
            }
            Set<Permission> permissions = EnumSet.noneOf(Permission.class);
            for (String scope : scopes) {
                Permission p = Permission.parse(scope.trim());
                if (p == null) {
                    err.println("mcp-hub keys: unknown scope '" + scope + "' (read, call or admin)");
                    return 2;
                }
                permissions.add(p);
            }
            Instant until;
            try {
                until = expires == null ? null : when(expires, Instant.now());
            } catch (IllegalArgumentException e) {
                err.println("mcp-hub keys: " + e.getMessage());
                return 2;
            }
            String key;
            try {
                key = cluster.with(
                        err,
                        CHANGED_HERE,
                        keys -> keys.create(
                                name,
                                permissions,
                                servers == null ? null : new LinkedHashSet<>(servers),
                                until,
                                profiles == null ? null : new LinkedHashSet<>(profiles)));
            } catch (IllegalArgumentException e) {
                err.println("mcp-hub keys: " + e.getMessage());
                return 1;
            }
            spec.commandLine().getOut().println(key);
            spec.commandLine().getOut().flush();
            err.println("Created key '" + name + "' ("
                    + Permission.implied(permissions).stream()
                            .map(Permission::word)
                            .toList() + ", servers: " + (servers == null ? "all" : String.join(", ", servers))
                    + (profiles == null ? "" : ", profiles: " + String.join(", ", profiles))
                    + ", expires: "
                    + (until == null ? "never" : until) + "). It is shown only now: store it.");
            return 0;
        }
    }

    @Command(name = "list", description = "List the keys (never the keys themselves)", mixinStandardHelpOptions = true)
    static final class ListKeys implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Cluster cluster = new Cluster();

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            List<ApiKey> all =
                    cluster.with(spec.commandLine().getErr(), "only this machine's key file is listed.", ApiKeys::list);
            if (all.isEmpty()) {
                out.println("No API keys.");
                return 0;
            }
            out.printf("%-24s %-18s %-24s %-22s %s%n", "NAME", "SCOPES", "SERVERS", "CREATED", "EXPIRES");
            Instant now = Instant.now();
            for (ApiKey key : all) {
                out.printf(
                        "%-24s %-18s %-24s %-22s %s%n",
                        key.name(),
                        String.join(
                                ",",
                                Permission.implied(key.permissions()).stream()
                                        .map(Permission::word)
                                        .toList()),
                        key.servers() == null
                                ? "all"
                                : String.join(
                                        ",", key.servers().stream().sorted().toList()),
                        key.created().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                        key.expires() == null ? "never" : key.expires() + (key.expired(now) ? " (expired)" : ""));
                if (key.profiles() != null) {
                    out.printf(
                            "%-24s only the profiles %s%n",
                            "",
                            String.join(", ", key.profiles().stream().sorted().toList()));
                }
            }
            return 0;
        }
    }

    @Command(
            name = "revoke",
            description = "Revoke a key; a running hub refuses it within a second",
            mixinStandardHelpOptions = true)
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Cluster cluster = new Cluster();

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws IOException {
            if (!cluster.with(spec.commandLine().getErr(), CHANGED_HERE, keys -> keys.revoke(name))) {
                spec.commandLine().getErr().println("mcp-hub keys: no key named '" + name + "'");
                return 1;
            }
            spec.commandLine().getErr().println("Revoked key '" + name + "'.");
            return 0;
        }
    }

    /** {@code 30d}, {@code 12h}, {@code 45m}, a date (midnight UTC at its end is not meant: its start) or an instant. */
    static Instant when(String value, Instant now) {
        String v = value.trim();
        try {
            if (v.matches("\\d+[dhm]")) {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                return now.plus(
                        switch (v.charAt(v.length() - 1)) {
                            case 'd' -> Duration.ofDays(n);
                            case 'h' -> Duration.ofHours(n);
                            default -> Duration.ofMinutes(n);
                        });
            }
            if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return Instant.parse(v);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(
                    "--expires must be like 30d, 12h, 45m, 2027-01-31 or an instant: " + value);
        }
    }
}
