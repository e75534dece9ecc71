package dev.mcphub.cli;

import dev.mcphub.json.Json;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * Initialises the slowest libraries on a second core while the main thread parses the flags and the config.
 *
 * <p>Time to ready is dominated by the servers' own start, so what matters is how early the hub spawns them and how
 * little CPU it takes from them afterwards. Before the spawn the main thread works alone and the other core idles:
 * logging, the JSON mapper, Jetty's MIME tables (which enumerate every installed locale) and the metrics classes are
 * initialised there
 * instead. Class initialisation is thread-safe, so the main thread simply waits for a class this thread is still
 * initialising. SLF4J is the exception: while one thread initialises it, others get substitute loggers, so logging
 * comes first here and the main thread calls {@link #awaitLogging()} before it logs.
 */
final class Preload {
    private static final CountDownLatch logging = new CountDownLatch(1);
    private static volatile boolean started;

    private Preload() {}

    static void start() {
        started = true;
        Thread.ofPlatform().daemon().name("preload").start(Preload::run);
    }

    /** Returns once logging is initialised (at once when {@link #start()} was never called, as in tests). */
    static void awaitLogging() {
        if (started) {
            try {
                logging.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void run() {
        try {
            LoggerFactory.getILoggerFactory();
        } finally {
            logging.countDown();
        }
        try {
            Json.object();
            ClassLoader loader = Preload.class.getClassLoader();
            Class.forName("org.eclipse.jetty.http.MimeTypes", true, loader);
            Class.forName("org.eclipse.jetty.server.Server", true, loader);
            Class.forName("io.prometheus.metrics.core.metrics.Histogram", true, loader);
            Class.forName("io.prometheus.metrics.core.metrics.Counter", true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            // Only a head start: the main thread loads the same classes itself and reports any real failure.
        }
    }
}
