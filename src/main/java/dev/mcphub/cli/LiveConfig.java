package dev.mcphub.cli;

import dev.mcphub.config.ConfigDiff;
import dev.mcphub.config.ConfigLoader;
import dev.mcphub.config.ConfigWatcher;
import dev.mcphub.config.HubConfig;
import dev.mcphub.error.HubException;
import dev.mcphub.hub.Hub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * {@code --watch}: when a config file is saved, the files are read again and the hub applies what changed.
 * An edit that cannot be used (bad JSON, a failed validation) changes nothing that runs: it is reported in
 * a log event naming the file, line and reason, and the next good edit is compared with the last good
 * config, which the hub still holds. A file that vanishes (editors, {@code git checkout} and sync tools delete
 * and re-create files) is such an edit too: its servers keep running, one warning says so, and the file's next
 * version is compared with the last good config.
 */
final class LiveConfig implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveConfig.class);

    private final List<Path> files;
    private final Hub hub;
    private final ConfigWatcher watcher;
    /** The files that existed at the last good load; touched only by the watcher's callback after start. */
    private final Set<Path> present = new HashSet<>();
    /** The vanished files already warned about, so that a file that stays away is reported once. */
    private final Set<Path> warnedMissing = new HashSet<>();

    LiveConfig(List<Path> files, Hub hub) {
        this.files = List.copyOf(files);
        this.hub = hub;
        this.watcher = new ConfigWatcher(files, ConfigWatcher.DEFAULT_SETTLE, this::reload);
    }

    void start() {
        files.stream().filter(Files::exists).forEach(present::add);
        watcher.start();
    }

    /** Stops watching; a reload in progress finishes first, for at most two seconds. */
    @Override
    public void close() {
        watcher.close();
    }

    private void reload() {
        long started = System.nanoTime();
        List<Path> vanished =
                present.stream().filter(file -> !Files.exists(file)).toList();
        warnedMissing.retainAll(vanished);
        if (!vanished.isEmpty()) {
            vanished.stream().filter(warnedMissing::add).forEach(LiveConfig::keptAfterDeletion);
            return;
        }
        HubConfig next;
        try {
            next = ConfigLoader.load(files);
        } catch (HubException e) {
            rejected(e);
            hub.reloadFailed(e);
            return;
        }
        present.clear();
        files.stream().filter(Files::exists).forEach(present::add);
        ConfigDiff diff = hub.apply(next);
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (diff.isEmpty()) {
            log.info("Config reloaded: no server changed");
        } else {
            log.info(
                    "Config reloaded and applied in {} ms: added {}, removed {}, modified {}",
                    millis,
                    diff.added(),
                    diff.removed(),
                    diff.modified());
        }
    }

    private static void keptAfterDeletion(Path file) {
        log.atWarn()
                .setMessage("Config file {} was deleted; its servers keep running unchanged, and edits wait until it is"
                        + " back")
                .addArgument(file)
                .addKeyValue("code", "CONFIG_FILE_MISSING")
                .addKeyValue("file", file.toString())
                .log();
    }

    /** For the log only: clients hear of it from the hub's typed event, so the bridge to SSE skips this. */
    private static void rejected(HubException e) {
        LoggingEventBuilder event = log.atError()
                .addMarker(LogBridge.NOT_FOR_CLIENTS)
                .setMessage("Config reload failed; the running servers are unchanged: {}")
                .addArgument(e.getMessage())
                .addKeyValue("code", "CONFIG_RELOAD_ERROR");
        for (var entry : e.data().entrySet()) {
            event = event.addKeyValue(entry.getKey(), entry.getValue());
        }
        event.log();
    }
}
