package dev.mcphub.workspace;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * Another hub on the machine, run in its own JVM by {@link WorkspaceRegistryIT}. It registers a port in the
 * given state directory, says so on stdout, and then, by mode: {@code register} waits; {@code update N}
 * waits for a line on stdin and applies N increments of its connection count from four threads, then says
 * {@code DONE}; {@code hold-lock} takes the registry lock and keeps it until killed. On the end of stdin it
 * closes its registry, which deregisters it.
 */
public final class OtherHub {
    private OtherHub() {}

    public static void main(String[] args) throws Exception {
        Path stateDir = Path.of(args[0]);
        String mode = args[1];
        int port = Integer.parseInt(args[2]);
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (WorkspaceRegistry registry = new WorkspaceRegistry(stateDir, cache -> {})) {
            registry.start();
            registry.register(WorkspaceEntry.ofThisProcess("/other/" + port, List.of("a.json"), port));
            say("REGISTERED");
            switch (mode) {
                case "register" -> {}
                case "update" -> update(registry, stdin, Integer.parseInt(args[3]));
                case "hold-lock" -> holdLock(registry);
                default -> throw new IllegalArgumentException(mode);
            }
            while (stdin.readLine() != null) {
                // Runs until the test closes stdin.
            }
        }
    }

    private static void update(WorkspaceRegistry registry, BufferedReader stdin, int count) throws Exception {
        stdin.readLine();
        try (var pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < count; i++) {
                pool.submit(() -> registry.update(entry -> entry.withActiveConnections(entry.activeConnections() + 1)));
            }
        }
        say("DONE");
    }

    private static void holdLock(WorkspaceRegistry registry) throws InterruptedException {
        new WorkspaceLock(registry.path()).acquire();
        say("LOCKED");
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
