package dev.mcphub.testing;

import static org.awaitility.Awaitility.await;

import dev.mcphub.json.Json;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The servers of a running hub as {@code GET /api/servers} shows them. */
public final class HubServers {
    private HubServers() {}

    /** Every server's status object by name, in the hub's order. */
    public static ObjectNode all(HubProcess hub) throws Exception {
        ObjectNode byName = Json.object();
        for (JsonNode server : hub.get("/api/servers").json().get("servers")) {
            byName.set(server.path("name").asString(), server);
        }
        return byName;
    }

    /** One server's status object; a missing node when the hub has no such server. */
    public static JsonNode status(HubProcess hub, String name) throws Exception {
        return all(hub).path(name);
    }

    /** The process id of a connected stdio server. */
    public static long pid(HubProcess hub, String name) throws Exception {
        JsonNode pid = status(hub, name).get("pid");
        if (pid == null) {
            throw new AssertionError("server " + name + " has no pid: " + status(hub, name));
        }
        return pid.asLong();
    }

    /** Waits until the server exists and has the status (connected, disabled, ...). */
    public static void awaitStatus(HubProcess hub, String name, String status, Duration timeout) {
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> status(hub, name).path("status").asString("").equals(status));
    }

    /** Whether no live process has this id. */
    public static boolean gone(long pid) {
        return ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
    }
}
