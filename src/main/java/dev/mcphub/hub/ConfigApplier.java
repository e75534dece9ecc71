package dev.mcphub.hub;

import dev.mcphub.config.ConfigDiff;
import dev.mcphub.config.HubConfig;
import dev.mcphub.config.ServerConfig;
import dev.mcphub.upstream.ServerThreads;
import dev.mcphub.upstream.Upstream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Applies a config diff to the running servers: added ones start, removed ones stop, modified ones restart
 * (or are only enabled or disabled when nothing but {@code disabled} changed), unchanged ones are not
 * touched and keep their processes and sessions. All affected servers are handled in parallel.
 */
final class ConfigApplier {
    private final Servers servers;
    private final Overrides overrides;
    private final HubSettings settings;

    ConfigApplier(Servers servers, Overrides overrides, HubSettings settings) {
        this.servers = servers;
        this.overrides = overrides;
        this.settings = settings;
    }

    void apply(HubConfig before, HubConfig after, ConfigDiff diff) {
        List<String> affected = new ArrayList<>(diff.added());
        affected.addAll(diff.removed());
        affected.addAll(diff.modified());
        List<Servers.QuietScope> scopes = affected.stream().map(servers::quiet).toList();
        try {
            Map<String, Upstream> next = new LinkedHashMap<>();
            servers.all().forEach(upstream -> next.put(upstream.name(), upstream));
            List<Runnable> work = new ArrayList<>();
            List<Upstream> started = new ArrayList<>();
            for (String name : diff.removed()) {
                Upstream gone = next.remove(name);
                overrides.clear(name);
                if (gone != null) {
                    work.add(ServerThreads.about(name, gone::close));
                }
            }
            for (String name : diff.added()) {
                started.add(add(after.servers().get(name), next, work, null));
            }
            for (String name : diff.modified()) {
                Upstream changed =
                        modify(after.servers().get(name), diff.details().get(name), next, work);
                if (changed != null) {
                    started.add(changed);
                }
            }
            servers.install(after, next);
            runInParallel(work);
            awaitSettled(started);
        } finally {
            scopes.forEach(Servers.QuietScope::close);
        }
    }

    private Upstream modify(
            ServerConfig server, ConfigDiff.Change change, Map<String, Upstream> next, List<Runnable> work) {
        Upstream current = next.get(server.name());
        boolean disabledChanged = change != null && change.modifiedFields().contains("disabled");
        if (disabledChanged) {
            overrides.clear(server.name()); // The file now says what it wants.
        }
        if (current != null && change != null && change.modifiedFields().equals(List.of("disabled"))) {
            if (server.disabled()) {
                work.add(ServerThreads.about(server.name(), current::disable));
                return null;
            }
            work.add(ServerThreads.about(server.name(), current::connect));
            return current;
        }
        return add(server, next, work, current);
    }

    private Upstream add(ServerConfig server, Map<String, Upstream> next, List<Runnable> work, Upstream replaced) {
        Upstream created = servers.create(server);
        next.put(server.name(), created);
        boolean disabled = overrides.disabled(server.name(), server.disabled());
        work.add(ServerThreads.about(server.name(), () -> {
            if (replaced != null) {
                replaced.close();
            }
            created.start(disabled);
        }));
        return created;
    }

    private static void runInParallel(List<Runnable> work) {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            work.forEach(executor::submit);
        }
    }

    private void awaitSettled(List<Upstream> started) {
        long deadline = System.nanoTime() + settings.commandTimeout().toNanos();
        for (Upstream upstream : started) {
            try {
                upstream.awaitSettled(java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
