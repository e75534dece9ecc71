package dev.mcphub.bench;

import java.net.URI;

/** Where an HTTP session connects: host, port and path, parsed from a URL given on the command line. */
record Endpoint(String host, int port, String path) {
    static Endpoint parse(String url) {
        URI uri = URI.create(url);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return new Endpoint(uri.getHost(), uri.getPort(), path);
    }

    /** The same host and port with another path. */
    Endpoint withPath(String otherPath) {
        return new Endpoint(host, port, otherPath);
    }

    HttpConnection connect(int timeoutMs) throws java.io.IOException {
        return HttpConnection.open(host, port, timeoutMs);
    }
}
