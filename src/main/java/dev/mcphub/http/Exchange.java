package dev.mcphub.http;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;

/** Reading a request body within a limit, and writing a complete response in one go. */
public final class Exchange {
    /** The most a request body may hold by default; larger ones get 413. */
    public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private static volatile int maxBodyBytes = MAX_BODY_BYTES;

    private Exchange() {}

    /**
     * How much of an oversized body is read and thrown away before the 413 goes out. A client that is still sending
     * when the hub closes the connection gets a TCP reset that can destroy the 413 in its receive buffer, so it sees
     * "no response" instead of the reason; swallowing a bounded overshoot lets it read the answer.
     */
    static final long SWALLOW_BYTES = 8L * 1024 * 1024;

    /** The body limit in force ({@code --max-body-bytes}). */
    public static int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Sets the body limit once at start-up, before the port is bound. */
    public static void limitBodies(int bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("--max-body-bytes must be at least 1024");
        }
        maxBodyBytes = bytes;
    }

    /** The whole body, or PAYLOAD_TOO_LARGE when it exceeds {@code limit}. Blocks: call on a virtual thread. */
    public static byte[] body(Request request, int limit) throws IOException {
        long declared = request.getLength();
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared > limit) {
                throw tooLarge(limit, in, declared - limit <= SWALLOW_BYTES);
            }
            byte[] bytes = declared >= 0 ? exactly(in, (int) declared) : in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw tooLarge(limit, in, true);
            }
            return bytes;
        }
    }

    public static void json(Response response, Callback callback, int status, JsonNode body) {
        bytes(response, callback, status, "application/json", Json.bytes(body), Map.of());
    }

    public static void json(
            Response response, Callback callback, int status, JsonNode body, Map<String, String> headers) {
        bytes(response, callback, status, "application/json", Json.bytes(body), headers);
    }

    public static void text(Response response, Callback callback, int status, String contentType, String body) {
        bytes(
                response,
                callback,
                status,
                contentType,
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Map.of());
    }

    public static void bytes(
            Response response,
            Callback callback,
            int status,
            String contentType,
            byte[] body,
            Map<String, String> headers) {
        readRestOfRefusedBody(response, status);
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        headers.forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** An empty response with just a status (202 Accepted, 204, 405 ...). */
    public static void status(Response response, Callback callback, int status, Map<String, String> headers) {
        readRestOfRefusedBody(response, status);
        response.setStatus(status);
        headers.forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
        response.write(true, ByteBuffer.allocate(0), callback);
    }

    /**
     * A refusal (415, 406, 401...) often goes out before the handler read the body, and the body's bytes may still be
     * on their way. Jetty then cannot tell the connection is reusable: it closes it after the answer, without a
     * {@code Connection: close} the client could see, and the client's next request on its pooled connection fails
     * with "no response" (the JDK client did, about 2 in 1,000 refusals on loopback). Reading the rest first keeps
     * the connection; a body already read costs one read that returns end of stream.
     */
    private static void readRestOfRefusedBody(Response response, int status) {
        if (status >= 400) {
            swallow(Content.Source.asInputStream(response.getRequest()));
        }
    }

    /**
     * A body of a declared length, read into an array of that size: {@code readNBytes(int)} starts every body with
     * a 16 KB buffer and copies, which was over half the hub's allocation per proxied call.
     */
    private static byte[] exactly(InputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        int read = in.readNBytes(bytes, 0, length);
        return read == length ? bytes : java.util.Arrays.copyOf(bytes, read);
    }

    private static HubException tooLarge(int limit, InputStream in, boolean swallow) {
        if (swallow) {
            swallow(in);
        }
        return new HubException(
                ErrorCode.PAYLOAD_TOO_LARGE, "Request body is larger than " + limit + " bytes", Map.of("limit", limit));
    }

    /**
     * Reads and drops up to {@link #SWALLOW_BYTES}; a slow sender is bounded by the connector's idle timeout. A read
     * that fails means the client is gone, and the 413 is still the right answer to attempt.
     */
    private static void swallow(InputStream in) {
        byte[] sink = new byte[64 * 1024];
        long dropped = 0;
        try {
            int n;
            while (dropped < SWALLOW_BYTES && (n = in.read(sink)) >= 0) {
                dropped += n;
            }
        } catch (IOException clientGone) {
            // nothing left to protect: the response write will fail quietly too
        }
    }
}
