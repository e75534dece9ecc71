package dev.mcphub.events;

import dev.mcphub.cluster.SharedEvents;
import dev.mcphub.http.ClientClose;
import dev.mcphub.http.SseChannel;
import dev.mcphub.hub.HubEvent;
import dev.mcphub.hub.HubState;
import dev.mcphub.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/events}: every client gets the current {@code hub_state} at once, then every event, each
 * rendered once and shared by all clients, and a {@code heartbeat} every ten seconds. Every event carries an
 * id; a client that reconnects with {@code Last-Event-ID} first gets what it missed from a bounded buffer.
 */
public final class EventStream implements AutoCloseable {
    private final SseWire wire;
    private final Supplier<HubState> currentState;
    private final Duration heartbeat;
    private final int maxQueued;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final Lanes lanes = new Lanes(Math.max(2, Runtime.getRuntime().availableProcessors()));
    /** Orders publishing against joining, so that a new client gets each event once: replayed or live. */
    private final Object joining = new Object();

    private final ReplayBuffer replay;
    private SharedEvents shared = SharedEvents.LOCAL;
    private final AtomicLong ids = new AtomicLong();
    private final java.util.concurrent.atomic.LongAdder dropped = new java.util.concurrent.atomic.LongAdder();
    private final List<IntConsumer> countListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private ScheduledExecutorService timer;

    /**
     * @param maxQueued frames a slow client may fall behind before it is dropped
     * @param replayed events kept for {@code Last-Event-ID}
     */
    public EventStream(
            long pid,
            java.util.function.IntSupplier port,
            Supplier<HubState> currentState,
            Duration heartbeat,
            int maxQueued,
            int replayed) {
        this.wire = new SseWire(pid, port);
        this.currentState = currentState;
        this.heartbeat = heartbeat;
        this.maxQueued = maxQueued;
        this.replay = new ReplayBuffer(replayed);
    }

    /** Hears of every change of the number of clients (auto-shutdown, the workspace entry). */
    public void onConnectionCount(IntConsumer listener) {
        countListeners.add(listener);
    }

    public void start() {
        shared.start(this::remote);
        timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("heartbeat").factory());
        long period = heartbeat.toMillis();
        timer.scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Cluster mode: events (but {@code hub_state}, which is this process's own) go to the cluster's history, tagged
     * with a {@code replica} field, and this stream's clients also get every other replica's. Before {@link
     * #start()}.
     */
    public EventStream cluster(SharedEvents shared) {
        this.shared = shared;
        return this;
    }

    /** Takes one hub event from the bus: renders it once and queues it to every client. */
    public void publish(HubEvent event) {
        wire.toWire(event).ifPresent(wireEvent -> {
            ObjectNode payload = wireEvent.payload();
            boolean clusterWide = shared.enabled() && !SseWire.HUB_STATE.equals(wireEvent.name());
            if (clusterWide) {
                payload = payload.deepCopy().put("replica", shared.replica());
            }
            synchronized (joining) {
                long clusterId = clusterWide ? shared.append(wireEvent.name(), Json.text(payload)) : -1;
                long id = clusterId > 0 ? ids.accumulateAndGet(clusterId, Math::max) : ids.incrementAndGet();
                Frame frame = Frame.of(clusterId > 0 ? clusterId : id, wireEvent.name(), payload);
                replay.add(frame);
                lanes.broadcast(frame);
            }
        });
    }

    /** An event of another replica (or, as {@code history}, of the cluster before this replica listened). */
    private void remote(long id, String replica, String name, String payload, boolean history) {
        Frame frame = Frame.of(id, name, (ObjectNode) Json.parse(payload));
        synchronized (joining) {
            ids.accumulateAndGet(id, Math::max);
            replay.add(frame);
            if (!history) {
                lanes.broadcast(frame);
            }
        }
    }

    /** Serves one client, who sees the events of the servers in {@code scope}, until it leaves or the hub stops. */
    public boolean handle(Request request, Response response, Callback callback, ServerScope scope) {
        Subscriber[] self = new Subscriber[1];
        SseChannel channel = new SseChannel(response, callback, maxQueued, () -> leave(self[0]));
        Subscriber subscriber = new Subscriber(channel, dropped, scope);
        self[0] = subscriber;
        request.addFailureListener(channel::failed);
        // Held: the headers, the snapshot and any replay leave in one write, after the lock (profile: a write
        // per frame and a syscall under the lock publishing also takes).
        channel.openHeld();
        String header = request.getHeaders().get("Last-Event-ID");
        // A page that reconnects with a new ticket makes a new EventSource, which cannot set the header: it says
        // where it stands in the query instead.
        Long lastSeen = lastSeen(
                header != null
                        ? header
                        : Request.extractQueryParameters(request).getValue("lastEventId"));
        synchronized (joining) {
            long now = ids.get();
            // The snapshot's id is where the client stands once it has it: the last event it saw when some are
            // replayed next (so that dropping before the replay loses nothing), else the last event there is.
            long position = lastSeen != null && lastSeen < now ? lastSeen : now;
            subscriber.send(Frame.of(
                    position, SseWire.HUB_STATE, wire.hubState(new HubEvent.StateChanged(currentState.get()))));
            if (lastSeen != null) {
                replay.after(lastSeen).forEach(subscriber::send);
            }
            subscribers.add(subscriber);
            lanes.add(subscriber);
        }
        channel.release();
        countChanged();
        ClientClose.watch(request, channel::failed);
        return true;
    }

    public int connections() {
        return subscribers.size();
    }

    /** The stream's clients as data, for {@code /api/health}. */
    public List<Client> clients() {
        return subscribers.stream().map(Subscriber::client).toList();
    }

    /** Events broadcast since the start (each counted once, whatever the number of clients). */
    public long published() {
        return ids.get();
    }

    /** Events not delivered to a client because it was closed or fell too far behind and was dropped. */
    public long dropped() {
        return dropped.sum();
    }

    /** One client of the stream; {@code lastEventAt} is null before its first event. */
    public record Client(String id, boolean connected, Instant connectedAt, Instant lastEventAt) {}

    /** Ends every stream after what is queued. */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        shared.stop();
        subscribers.forEach(subscriber -> subscriber.channel.close());
        lanes.close();
    }

    /** The id a reconnecting client last saw, or null when it sent none or one that is not ours. */
    private static Long lastSeen(String lastEventId) {
        if (lastEventId == null) {
            return null;
        }
        try {
            return Long.parseLong(lastEventId.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void leave(Subscriber subscriber) {
        if (subscriber != null && subscribers.remove(subscriber)) {
            lanes.remove(subscriber);
            countChanged();
        }
    }

    private void countChanged() {
        int count = subscribers.size();
        countListeners.forEach(listener -> listener.accept(count));
    }

    private void heartbeat() {
        subscribers.stream().filter(subscriber -> !subscriber.channel.isOpen()).forEach(this::leave);
        synchronized (joining) {
            // The id of the last event, so that a client resuming from a heartbeat misses nothing.
            lanes.broadcast(Frame.of(ids.get(), SseWire.HEARTBEAT, SseWire.heartbeat(subscribers.size())));
        }
    }
}
