package dev.mcphub.upstream;

import dev.mcphub.config.Placeholders;
import dev.mcphub.config.ServerSpec;
import dev.mcphub.error.HubException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Opens a transport for a resolved spec and initializes MCP over it. */
final class Connector {
    private Connector() {}

    /**
     * Opens and starts a connection; {@code modernFirst} (the server spoke 2026-07-28 last time) starts with
     * {@code server/discover} instead of {@code initialize}, see {@link Handshake#initialize}.
     */
    static Opened open(
            String name,
            ServerSpec spec,
            UpstreamSettings settings,
            Map<String, String> hubEnv,
            McpConnection.Handlers handlers)
            throws IOException, AuthorizationRequired {
        return open(name, spec, settings, hubEnv, handlers, false);
    }

    /** An initialized connection and what is known of its transport. */
    record Opened(McpConnection connection, InitializeResult server, String transport, long pid) {}

    static Opened open(
            String name,
            ServerSpec spec,
            UpstreamSettings settings,
            Map<String, String> hubEnv,
            McpConnection.Handlers handlers,
            boolean modernFirst)
            throws IOException, AuthorizationRequired {
        return switch (spec) {
            case ServerSpec.Stdio stdio -> openStdio(name, stdio, settings, hubEnv, handlers, modernFirst);
            case ServerSpec.Remote remote -> settings.remote().open(name, remote, settings, handlers, modernFirst);
        };
    }

    private static Opened openStdio(
            String name,
            ServerSpec.Stdio stdio,
            UpstreamSettings settings,
            Map<String, String> hubEnv,
            McpConnection.Handlers handlers,
            boolean modernFirst)
            throws IOException {
        StdioTransport transport = new StdioTransport(
                name,
                StdioTransport.commandLine(stdio.command(), stdio.args()),
                Placeholders.childEnvironment(hubEnv, stdio.env()),
                stdio.cwd() == null || stdio.cwd().isBlank() ? null : Path.of(stdio.cwd()));
        McpConnection connection = new McpConnection(name, transport, handlers);
        connection.open();
        try {
            InitializeResult server = Handshake.initialize(connection, settings, modernFirst);
            return new Opened(connection, server, transport.kind(), transport.pid());
        } catch (RuntimeException e) {
            connection.close();
            Integer exitCode = transport.exitCode();
            if (exitCode != null && e instanceof HubException failure) {
                throw new ChildExited(failure, exitCode, transport.stderrTail(StdioTransport.STDERR_LINES_IN_REASON));
            }
            throw e;
        }
    }
}
