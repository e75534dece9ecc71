package dev.mcphub.upstream;

/**
 * An HTTP answer that was not a JSON-RPC exchange: the status, the server's {@code WWW-Authenticate}
 * challenge when it sent one, and the start of the body.
 */
record HttpFailure(int status, String wwwAuthenticate, String body) {

    String describe() {
        String snippet = body == null || body.isBlank() ? "" : ": " + body.strip();
        return "HTTP " + status + (snippet.length() > 200 ? snippet.substring(0, 200) + "…" : snippet);
    }
}
