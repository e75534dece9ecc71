package dev.mcphub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real {@code redis-server} (Debian's package) on a free loopback port, without persistence: a restart starts
 * it empty, the hardest case for replicas that must lose nothing.
 */
public final class RedisServer extends SystemServer {
    private RedisServer(Path dir, int port) {
        super(
                "redis",
                List.of(
                        program("redis-server", "/usr/bin", "/usr/local/bin", "/usr/sbin"),
                        "--port",
                        String.valueOf(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        dir.toString()),
                dir,
                port);
    }

    public static RedisServer start(Path parent) {
        try {
            RedisServer redis = new RedisServer(Files.createDirectories(parent.resolve("redis")), LoopbackPort.free());
            redis.start();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port();
    }

    /** Starts a stopped Redis again, empty, on the same port. */
    public void startAgain() {
        start();
    }

    /** Stops Redis and starts it again, empty, on the same port. */
    public void restart() {
        close();
        start();
    }
}
