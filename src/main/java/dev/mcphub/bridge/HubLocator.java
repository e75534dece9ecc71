package dev.mcphub.bridge;

import dev.mcphub.json.Json;
import dev.mcphub.workspace.WorkspaceEntry;
import dev.mcphub.workspace.WorkspaceRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Finds the hub running for a set of config files, or starts one. A hub is the same when it reads the same
 * files (compared as absolute paths, in any order) and answers its health route; several clients of one
 * config so share one hub and one set of servers. A started hub runs with {@code --auto-shutdown}: it
 * lives while any client uses it, and for {@code --shutdown-delay} after the last one left.
 */
public final class HubLocator {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final Path stateDir;
    private final List<Path> configFiles;
    private final HttpClient http;

    /** What a started hub is given: its command line without the port and config flags. */
    public record Launch(List<String> javaCommand, List<String> hubFlags, Path logFile, Duration readyTimeout) {}

    public HubLocator(Path stateDir, List<Path> configFiles, HttpClient http) {
        this.stateDir = stateDir;
        this.configFiles =
                configFiles.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.http = http;
    }

    /** The base URL of a running hub for these config files, if there is one that answers. */
    public Optional<URI> find() {
        Set<Path> wanted = new TreeSet<>(configFiles);
        WorkspaceRegistry registry = new WorkspaceRegistry(stateDir, change -> {});
        for (WorkspaceEntry entry : registry.entries()) {
            if (entry.state() == WorkspaceEntry.State.ACTIVE && wanted.equals(filesOf(entry))) {
                URI base = URI.create("http://127.0.0.1:" + entry.port());
                if (answers(base)) {
                    return Optional.of(base);
                }
            }
        }
        return Optional.empty();
    }

    /** Starts a hub for these config files and returns its base URL once it says it is ready. */
    public URI start(Launch launch) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(launch.javaCommand());
        command.addAll(List.of("--port", "0"));
        configFiles.forEach(file -> command.addAll(List.of("--config", file.toString())));
        command.addAll(launch.hubFlags());
        Files.createDirectories(launch.logFile().getParent());
        Process hub = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(launch.logFile().toFile()))
                .redirectErrorStream(true)
                .start();
        Instant deadline = Instant.now().plus(launch.readyTimeout());
        while (Instant.now().isBefore(deadline)) {
            if (!hub.isAlive()) {
                throw new IOException(
                        "the hub it started exited with code " + hub.exitValue() + "; see " + launch.logFile());
            }
            Optional<URI> ready = readyHubOf(hub.pid());
            if (ready.isPresent()) {
                return ready.get();
            }
            Thread.sleep(50); // Polling a file the hub writes once; no event to wait on across processes.
        }
        hub.destroy();
        throw new IOException("the hub it started was not ready within "
                + launch.readyTimeout().toSeconds() + " s; see " + launch.logFile());
    }

    private Optional<URI> readyHubOf(long pid) {
        WorkspaceRegistry registry = new WorkspaceRegistry(stateDir, change -> {});
        for (WorkspaceEntry entry : registry.entries()) {
            if (entry.pid() == pid) {
                URI base = URI.create("http://127.0.0.1:" + entry.port());
                return isReady(base) ? Optional.of(base) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private Set<Path> filesOf(WorkspaceEntry entry) {
        Set<Path> files = new TreeSet<>();
        Path cwd = Path.of(entry.cwd() == null ? "." : entry.cwd());
        entry.configFiles()
                .forEach(f -> files.add(cwd.resolve(f).toAbsolutePath().normalize()));
        return files;
    }

    private boolean answers(URI base) {
        return health(base) != null;
    }

    private boolean isReady(URI base) {
        String state = health(base);
        return "ready".equals(state) || "restarted".equals(state);
    }

    /** The hub's state from {@code /api/health}, or null when it does not answer. */
    private @Nullable String health(URI base) {
        try {
            HttpResponse<byte[]> response = http.send(
                    HubCredential.apply(HttpRequest.newBuilder(base.resolve("/api/health")))
                            .timeout(PROBE_TIMEOUT)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200 ? Json.string(Json.parse(response.body()), "state") : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
