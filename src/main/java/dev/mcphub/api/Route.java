package dev.mcphub.api;

import tools.jackson.databind.JsonNode;

/** One REST route: what it answers, and how. */
record Route(String method, String path, String description, Handler handler) {

    /** Answers a request with a body, to which the router adds {@code timestamp}; throws HubException on failure. */
    @FunctionalInterface
    interface Handler {
        JsonNode handle(ApiRequest request) throws Exception;
    }
}
