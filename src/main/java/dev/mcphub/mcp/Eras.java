package dev.mcphub.mcp;

import java.util.ArrayList;
import java.util.List;

/**
 * The two eras of MCP and the protocol facts that tell them apart. The legacy era (2024-11-05 to
 * 2025-11-25) opens a session with {@code initialize}; the modern era (2026-07-28 on) is stateless: every
 * request carries its version, capabilities and client identity in {@code _meta}.
 */
final class Eras {
    /** The modern versions the hub serves, newest first. */
    static final List<String> MODERN = List.of("2026-07-28");

    static final String VERSION_KEY = "io.modelcontextprotocol/protocolVersion";
    static final String CAPABILITIES_KEY = "io.modelcontextprotocol/clientCapabilities";
    static final String CLIENT_INFO_KEY = "io.modelcontextprotocol/clientInfo";
    static final String LOG_LEVEL_KEY = "io.modelcontextprotocol/logLevel";
    static final String SERVER_INFO_KEY = "io.modelcontextprotocol/serverInfo";
    static final String SUBSCRIPTION_ID_KEY = "io.modelcontextprotocol/subscriptionId";
    /** Keys under this prefix are protocol envelope, never passed to a server as the client's own. */
    static final String RESERVED_PREFIX = "io.modelcontextprotocol/";

    /** 2026-07-28's renumbered codes, in the range the specification reserves for itself. */
    static final int HEADER_MISMATCH = -32020;

    static final int MISSING_REQUIRED_CLIENT_CAPABILITY = -32021;
    static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    static final String METHOD_HEADER = "Mcp-Method";
    static final String NAME_HEADER = "Mcp-Name";

    private Eras() {}

    /** Whether a version names the modern era: 2026-07-28 or later (dates compare as strings). */
    static boolean isModern(String version) {
        return version != null && version.compareTo(MODERN.getFirst()) >= 0;
    }

    /** Every version the hub speaks downstream, modern first, as {@code server/discover} lists them. */
    static List<String> supported() {
        List<String> all = new ArrayList<>(MODERN);
        all.addAll(Initialize.VERSIONS);
        return List.copyOf(all);
    }
}
