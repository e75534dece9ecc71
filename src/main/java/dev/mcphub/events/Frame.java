package dev.mcphub.events;

import dev.mcphub.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/**
 * One event as the stream sends it: the bytes every client that may see all of it gets (rendered once, whatever
 * the number of clients), and the event's name and payload, from which {@link ServerScope} narrows it for a
 * client that may see only some servers.
 */
record Frame(long id, String name, ObjectNode payload, byte[] bytes) {
    static Frame of(long id, String name, ObjectNode payload) {
        return new Frame(id, name, payload, render(id, name, payload));
    }

    /**
     * {@code id:}, {@code event:}, {@code data:} with the send-time timestamp. Every event has an id: a broadcast
     * event its own, a {@code hub_state} snapshot or a heartbeat the id of the last event before it (0 when none).
     */
    static byte[] render(long id, String name, ObjectNode payload) {
        ObjectNode data = payload.deepCopy();
        data.put("timestamp", Instant.now().toString());
        StringBuilder text = new StringBuilder(128);
        text.append("id: ").append(id).append('\n');
        text.append("event: ").append(name).append('\n');
        text.append("data: ").append(Json.text(data)).append("\n\n");
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
