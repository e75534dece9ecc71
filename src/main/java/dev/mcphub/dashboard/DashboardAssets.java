package dev.mcphub.dashboard;

import dev.mcphub.http.Exchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the dashboard's files from the jar: {@code /} is the page, {@code /assets/...} its scripts, styles and
 * icons, {@code /app-frame.html} the frame MCP Apps run in. Each file is read once, gzipped once, and answered
 * with an ETag, so a reload costs a 304.
 */
public final class DashboardAssets {
    private static final String ROOT = "/dashboard";

    /** The page may load only its own files; images and media may be data: or blob: (tool results). */
    private static final String PAGE_POLICY =
            "default-src 'self'; img-src 'self' data: blob:; media-src 'self' data: blob:;"
                    + " frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /**
     * An MCP App's HTML is the server's, not ours: it runs in a frame sandboxed without same-origin (an opaque
     * origin that the hub's Origin check refuses), may run its own inline script, and may load nothing from anywhere.
     */
    private static final String FRAME_POLICY =
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';"
                    + " img-src data: blob:; media-src data: blob:; font-src data:; frame-ancestors 'self'; sandbox allow-scripts";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");

    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    /** Whether {@code path} is one of the dashboard's (GET only; every other path belongs to someone else). */
    public boolean handles(String method, String path) {
        return "GET".equals(method)
                && (path.equals("/")
                        || path.equals("/index.html")
                        || path.equals("/app-frame.html")
                        || path.startsWith("/assets/"));
    }

    /** Answers the file, or false when there is no such file (the caller answers 404). */
    public boolean serve(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String file = path.equals("/") ? "/index.html" : path;
        if (file.contains("..") || file.contains("//") || file.contains("\\")) {
            return false;
        }
        Optional<Asset> found = cache.computeIfAbsent(file, DashboardAssets::load);
        if (found.isEmpty()) {
            return false;
        }
        Asset asset = found.get();
        Map<String, String> headers = new java.util.HashMap<>();
        headers.put("ETag", asset.etag());
        headers.put("Cache-Control", "no-cache");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Vary", "Accept-Encoding");
        if (asset.type().startsWith("text/html")) {
            headers.put("Content-Security-Policy", file.equals("/app-frame.html") ? FRAME_POLICY : PAGE_POLICY);
            if (!file.equals("/app-frame.html")) {
                headers.put("X-Frame-Options", "DENY");
            }
        }
        if (asset.etag().equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
            Exchange.status(response, callback, 304, headers);
            return true;
        }
        String accept = request.getHeaders().get(HttpHeader.ACCEPT_ENCODING);
        boolean gzip = accept != null && accept.contains("gzip") && asset.gzipped().length < asset.bytes().length;
        if (gzip) {
            headers.put("Content-Encoding", "gzip");
        }
        byte[] body = gzip ? asset.gzipped() : asset.bytes();
        Exchange.bytes(response, callback, 200, asset.type(), body, headers);
        return true;
    }

    private static Optional<Asset> load(String file) {
        try (InputStream in = DashboardAssets.class.getResourceAsStream(ROOT + file)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String extension = file.substring(file.lastIndexOf('.') + 1);
            String type = TYPES.getOrDefault(extension, "application/octet-stream");
            return Optional.of(new Asset(bytes, gzip(bytes), type, etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Asset(byte[] bytes, byte[] gzipped, String type, String etag) {}
}
