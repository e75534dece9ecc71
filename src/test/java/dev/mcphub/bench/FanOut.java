package dev.mcphub.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SSE fan-out: N subscribers on {@code /api/events}, then one or more upstream tool-list changes (a REST call to
 * a fixture tool that adds a tool named by a fresh nonce and sends {@code list_changed}), each timed until every
 * subscriber has the {@code tool_list_changed} event naming that tool. Subscribing a thousand clients is slow on
 * some hubs, so one subscription serves several rounds. Times are taken on arrival in the generator, so they
 * include its own scheduling of N threads on the shared cores.
 */
final class FanOut {
    private final Endpoint base;
    private final int subscribers;
    private final String server;
    private final String tool;
    private final AtomicLong eventsSeen = new AtomicLong();
    private final List<HttpConnection> connections = new ArrayList<>();
    private volatile Round round;

    FanOut(Endpoint base, int subscribers, String server, String tool) {
        this.base = base;
        this.subscribers = subscribers;
        this.server = server;
        this.tool = tool;
    }

    /** One change and the arrival time (nanoTime, 0 = not yet) of its event at each subscriber. */
    private record Round(String nonce, long[] arrivals, CountDownLatch delivered) {}

    /** Subscribes everyone, then runs {@code rounds} changes, printing one {@code result} line for each. */
    void run(int rounds, PrintStream out) throws InterruptedException, IOException {
        CountDownLatch subscribed = new CountDownLatch(subscribers);
        // Eight at a time for a thousand (the reference's per-subscriber work is what limits it); ten thousand idle
        // subscribers are our hub's alone, and fifty at a time keeps their subscribing to seconds.
        Semaphore connecting = new Semaphore(Math.max(8, subscribers / 200));
        long connectStart = System.nanoTime();
        for (int i = 0; i < subscribers; i++) {
            int index = i;
            Thread.ofVirtual().name("subscriber-" + i).start(() -> subscribe(index, connecting, subscribed));
        }
        boolean allSubscribed = subscribed.await(Math.max(90, subscribers / 50), TimeUnit.SECONDS);
        double connectMs = (System.nanoTime() - connectStart) / 1e6;
        try {
            for (int r = 0; r < rounds; r++) {
                awaitQuiet();
                out.println("result " + runRound(allSubscribed, connectMs));
                // Every subscriber is still connected: the orchestrator reads the hub's memory now.
                out.println("phase round");
            }
        } finally {
            synchronized (connections) {
                connections.forEach(HttpConnection::close);
            }
        }
    }

    private String runRound(boolean allSubscribed, double connectMs) throws IOException, InterruptedException {
        String nonce =
                "bench_tool_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        Round current = new Round(nonce, new long[subscribers], new CountDownLatch(subscribers));
        round = current;
        long t0 = System.nanoTime();
        int status = trigger(nonce);
        current.delivered().await(10, TimeUnit.SECONDS);
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int received = 0;
        for (long a : current.arrivals()) {
            if (a != 0) {
                received++;
                first = Math.min(first, a);
                last = Math.max(last, a);
            }
        }
        return String.format(
                Locale.ROOT,
                "{\"subscribers\":%d,\"subscribed\":%b,\"connectMs\":%.1f,\"triggerStatus\":%d,\"received\":%d,"
                        + "\"firstMs\":%.3f,\"lastMs\":%.3f,\"spreadMs\":%.3f}",
                subscribers,
                allSubscribed,
                connectMs,
                status,
                received,
                received == 0 ? -1 : (first - t0) / 1e6,
                received == 0 ? -1 : (last - t0) / 1e6,
                received == 0 ? -1 : (last - first) / 1e6);
    }

    /**
     * One subscriber. The semaphore is held until the hub has registered it (its first {@code hub_state}):
     * a hub may do work per new subscriber (the reference locks and rewrites a shared file), and a thousand
     * at once would measure that contention instead of the fan-out.
     */
    private void subscribe(int index, Semaphore connecting, CountDownLatch subscribed) {
        boolean registered = false;
        try {
            connecting.acquire();
            HttpConnection c = base.connect(120_000);
            synchronized (connections) {
                connections.add(c);
            }
            c.send("GET", "/api/events", "Accept: text/event-stream\r\n", null);
            if (c.readHead().status() != 200) {
                return;
            }
            SseReader events = new SseReader(c.body());
            for (SseReader.Event e = events.next(); e != null; e = events.next()) {
                eventsSeen.incrementAndGet();
                if (!registered && e.event().equals("hub_state")) {
                    registered = true;
                    connecting.release();
                    subscribed.countDown();
                }
                Round r = round;
                if (r != null
                        && r.arrivals()[index] == 0
                        && e.event().equals("subscription_event")
                        && e.data().contains(r.nonce())
                        && e.data().contains("tool_list_changed")) {
                    r.arrivals()[index] = System.nanoTime();
                    r.delivered().countDown();
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // closed at the end, or the hub dropped the subscriber: it shows as not received
        } finally {
            if (!registered) {
                connecting.release();
            }
        }
    }

    /**
     * Waits until the event streams are quiet (a hub may broadcast one event per new subscriber to all others),
     * so that the change is timed on its own and not behind a backlog.
     */
    private void awaitQuiet() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long seen = eventsSeen.get();
        int quietRounds = 0;
        while (quietRounds < 3 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            long now = eventsSeen.get();
            quietRounds = now == seen ? quietRounds + 1 : 0;
            seen = now;
        }
    }

    private int trigger(String nonce) throws IOException {
        try (HttpConnection c = base.connect(10_000)) {
            c.send(
                    "POST",
                    "/api/servers/tools",
                    "Content-Type: application/json\r\n",
                    JsonRpcText.restToolCall(server, tool, "name", nonce));
            int status = c.readHead().status();
            String body = new String(c.readBody(), StandardCharsets.ISO_8859_1);
            if (status != 200) {
                System.err.println("fan-out trigger answered HTTP " + status + ": " + body);
            }
            return status;
        }
    }
}
