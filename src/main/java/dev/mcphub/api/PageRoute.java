package dev.mcphub.api;

/** A GET route answered with an HTML page rather than JSON: where a browser lands (the OAuth callback). */
record PageRoute(String path, String description, Handler handler) {

    /** A page: its status and its (already escaped) HTML. */
    record Page(int status, String html) {}

    @FunctionalInterface
    interface Handler {
        Page handle(ApiRequest request);
    }
}
