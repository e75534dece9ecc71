package dev.mcphub.events;

import tools.jackson.databind.node.ObjectNode;

/** One SSE event as the reference frames it: {@code event: name} and {@code data: payload}. */
record WireEvent(String name, ObjectNode payload) {}
