package dev.mcphub.bench;

/** The systems one benchmark run compares; each is a column of the table. */
enum Subject {
    /** Our hub, started by {@code bin/mcp-hub}, spoken to over Streamable HTTP. */
    OURS("ours"),
    /** The Node.js {@code mcp-hub} 4.2.1, whose {@code /mcp} speaks only the legacy SSE transport. */
    REFERENCE("reference"),
    /** The upstream alone, without any hub: server-everything driven directly (stdio, or Streamable HTTP). */
    CEILING("ceiling");

    private final String label;

    Subject(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
