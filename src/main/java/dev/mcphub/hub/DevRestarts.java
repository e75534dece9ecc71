package dev.mcphub.hub;

import dev.mcphub.config.Placeholders;
import dev.mcphub.config.ServerSpec;
import dev.mcphub.error.HubException;
import dev.mcphub.upstream.ServerThreads;
import dev.mcphub.upstream.Upstream;
import dev.mcphub.upstream.UpstreamState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Dev mode: for every stdio server with {@code dev} on, a {@link DevWatcher} on its {@code dev.cwd}; when
 * source files change, the server restarts, announced by {@code servers_updating} and {@code
 * servers_updated} with reason {@code dev_file_change}, the files, and the new capabilities or the error.
 * Watchers follow the set of upstreams: a replaced upstream (its config changed) gets a new watcher.
 */
final class DevRestarts implements AutoCloseable {
    static final String REASON = "dev_file_change";
    private static final Logger log = LoggerFactory.getLogger(Hub.class);

    private final Servers servers;
    private final EventBus bus;
    private final HubSettings settings;
    private final Consumer<Runnable> serially;
    private final Map<Upstream, DevWatcher> watchers = new HashMap<>();

    /** @param serially runs a restart as a hub command, one at a time with the others, or not when closed */
    DevRestarts(Servers servers, EventBus bus, HubSettings settings, Consumer<Runnable> serially) {
        this.servers = servers;
        this.bus = bus;
        this.settings = settings;
        this.serially = serially;
    }

    /** Watches the dev-mode servers among {@code upstreams} and stops watching those no longer there. */
    synchronized void follow(Collection<Upstream> upstreams) {
        var gone = watchers.entrySet().iterator();
        while (gone.hasNext()) {
            var entry = gone.next();
            if (!upstreams.contains(entry.getKey())) {
                entry.getValue().close();
                gone.remove();
            }
        }
        for (Upstream upstream : upstreams) {
            if (!watchers.containsKey(upstream)) {
                DevWatcher watcher = watch(upstream);
                if (watcher != null) {
                    watchers.put(upstream, watcher);
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        watchers.values().forEach(DevWatcher::close);
        watchers.clear();
    }

    private DevWatcher watch(Upstream upstream) {
        if (!(upstream.config().spec() instanceof ServerSpec.Stdio stdio) || stdio.dev() == null) {
            return null;
        }
        String name = upstream.name();
        try (MDC.MDCCloseable ignored = ServerThreads.scope(name)) {
            ServerSpec.DevSpec dev = resolvedDev(upstream);
            DevWatcher watcher = new DevWatcher(
                    name,
                    Path.of(dev.cwd()),
                    dev.watch(),
                    DevWatcher.DEBOUNCE,
                    files -> serially.accept(() -> restart(upstream, files)));
            watcher.start();
            log.info("{}: dev mode: watching {} in {}", name, dev.watch(), dev.cwd());
            return watcher;
        } catch (HubException | IOException e) {
            log.warn("{}: dev mode is off: {}", name, e.getMessage());
            return null;
        }
    }

    private ServerSpec.DevSpec resolvedDev(Upstream upstream) {
        ServerSpec spec =
                Placeholders.resolve(upstream.name(), upstream.config().spec(), settings.placeholders());
        return ((ServerSpec.Stdio) spec).dev();
    }

    private void restart(Upstream upstream, List<String> files) {
        String name = upstream.name();
        if (servers.upstream(name) != upstream) {
            return; // Replaced or removed meanwhile; its successor has its own watcher.
        }
        if (upstream.state() instanceof UpstreamState.Disabled) {
            log.info("{}: {} changed; not restarting a disabled server", name, files);
            return;
        }
        HubEvent.Changes changes = new HubEvent.Changes.Modified(name);
        log.info("{}: restarting after changes to {}", name, files);
        bus.publish(new HubEvent.ServersUpdating(changes, REASON, files));
        UpstreamState outcome;
        try (var quiet = servers.quiet(name)) {
            upstream.restart();
            outcome = upstream.awaitSettled(settings.commandTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = upstream.state();
        }
        bus.publish(updated(changes, files, outcome));
    }

    private HubEvent.ServersUpdated updated(HubEvent.Changes changes, List<String> files, UpstreamState outcome) {
        return switch (outcome) {
            case UpstreamState.Connected connected ->
                new HubEvent.ServersUpdated(changes, REASON, files, connected.capabilities(), null, null);
            case UpstreamState.Disconnected down -> failed(changes, files, down.reason());
            case UpstreamState.Connecting connecting ->
                failed(
                        changes,
                        files,
                        "still connecting " + settings.commandTimeout().toSeconds() + " s after the restart");
            case UpstreamState.Unauthorized unauthorized -> failed(changes, files, "needs authorization");
            case UpstreamState.Disabled disabled -> failed(changes, files, "disabled");
        };
    }

    private static HubEvent.ServersUpdated failed(HubEvent.Changes changes, List<String> files, String error) {
        return new HubEvent.ServersUpdated(changes, REASON, files, null, error, null);
    }
}
