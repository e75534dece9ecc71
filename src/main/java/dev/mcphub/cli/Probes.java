package dev.mcphub.cli;

import dev.mcphub.cluster.SharedSessions;
import dev.mcphub.http.Exchange;
import dev.mcphub.hub.HubState;
import dev.mcphub.json.Json;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a load balancer asks, without credentials: {@code /livez} (the process answers) and {@code /readyz} (send
 * it traffic: its servers are up, Redis answers in cluster mode, and it is not draining). 200 or 503, with the
 * reasons in the body.
 */
final class Probes {
    static final String LIVE = "/livez";
    static final String READY = "/readyz";

    private final Supplier<HubState> state;
    private final SharedSessions shared;
    private final BooleanSupplier draining;

    Probes(Supplier<HubState> state, SharedSessions shared, BooleanSupplier draining) {
        this.state = state;
        this.shared = shared;
        this.draining = draining;
    }

    boolean handles(String path) {
        return path.equals(LIVE) || path.equals(READY);
    }

    void answer(String path, Response response, Callback callback) {
        ObjectNode body = Json.object();
        if (path.equals(LIVE)) {
            Exchange.json(response, callback, 200, body.put("status", "ok"));
            return;
        }
        HubState now = state.get();
        boolean redis = shared.reachable();
        boolean drain = draining.getAsBoolean();
        boolean ready = now == HubState.READY && redis && !drain;
        body.put("status", ready ? "ready" : "not_ready");
        body.put("state", now.wire());
        if (shared.enabled()) {
            body.put("replica", shared.replica());
            body.put("redis", redis ? "reachable" : "unreachable");
        }
        body.put("draining", drain);
        Exchange.json(response, callback, ready ? 200 : 503, body);
    }
}
