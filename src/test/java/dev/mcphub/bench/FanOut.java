package dev.mcphub.bench;

import java.io.IOException;
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
 * SSE fan-out: N subscribers on {@code /api/events}, then one upstream tool-list change (a REST call to a
 * fixture tool that adds a tool named by a fresh nonce and sends {@code list_changed}), then the time until
 * every subscriber has the {@code tool_list_changed} event naming that tool. Times are taken on arrival in the
 * generator, so they include its own scheduling of N threads on the shared cores.
 */
final class FanOut {
    private final Endpoint base;
    private final int subscribers;
    private final String server;
    private final String tool;
    private final int timeoutMs;
    private final AtomicLong eventsSeen = new AtomicLong();
    private final long[] arrivals;
    private final List<HttpConnection> connections = new ArrayList<>();
    private volatile String nonce;

    FanOut(Endpoint base, int subscribers, String server, String tool, int timeoutMs) {
        this.base = base;
        this.subscribers = subscribers;
        this.server = server;
        this.tool = tool;
        this.timeoutMs = timeoutMs;
        this.arrivals = new long[subscribers];
    }

    /** Runs the whole measurement and returns its result as a JSON object. */
    String run() throws InterruptedException, IOException {
        CountDownLatch subscribed = new CountDownLatch(subscribers);
        CountDownLatch delivered = new CountDownLatch(subscribers);
        Semaphore connecting = new Semaphore(8);
        long connectStart = System.nanoTime();
        for (int i = 0; i < subscribers; i++) {
            int index = i;
            Thread.ofVirtual().name("subscriber-" + i).start(() -> subscribe(index, connecting, subscribed, delivered));
        }
        boolean allSubscribed = subscribed.await(90, TimeUnit.SECONDS);
        double connectMs = (System.nanoTime() - connectStart) / 1e6;
        awaitQuiet();
        nonce = "bench_tool_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        long t0 = System.nanoTime();
        int status = trigger();
        delivered.await(Math.max(10_000, timeoutMs), TimeUnit.MILLISECONDS);
        synchronized (connections) {
            connections.forEach(HttpConnection::close);
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int received = 0;
        for (long a : arrivals) {
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
    private void subscribe(int index, Semaphore connecting, CountDownLatch subscribed, CountDownLatch delivered) {
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
                String wanted = nonce;
                if (wanted != null
                        && arrivals[index] == 0
                        && e.event().equals("subscription_event")
                        && e.data().contains(wanted)
                        && e.data().contains("tool_list_changed")) {
                    arrivals[index] = System.nanoTime();
                    delivered.countDown();
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

    private int trigger() throws IOException {
        try (HttpConnection c = base.connect(timeoutMs)) {
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
