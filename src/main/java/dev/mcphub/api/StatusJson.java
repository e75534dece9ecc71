package dev.mcphub.api;

import dev.mcphub.hub.ServerView;
import dev.mcphub.json.Json;
import dev.mcphub.upstream.Capabilities;
import dev.mcphub.upstream.UpstreamState;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/**
 * The status object of a server, field by field as the reference's {@code getServerInfo}: name,
 * displayName, description, transportType, status, error, capabilities, uptime, lastStarted,
 * authorizationUrl, serverInfo, config_source. Beyond it: {@code pid} of a connected stdio server's
 * process, {@code protocolVersion} a connected server speaks, {@code override} when the API's enable or disable
 * is in force, {@code listErrors} (why a list of a connected server could not be fetched, by its key in {@code
 * capabilities}), and for a server that went down
 * its {@code exitCode}, last {@code stderr} lines and {@code nextRetry}.
 */
final class StatusJson {
    private StatusJson() {}

    static ObjectNode of(ServerView view) {
        UpstreamState state = view.state();
        ObjectNode status = Json.object();
        status.put("name", view.name());
        status.put("displayName", view.config().displayName());
        status.put("description", view.config().description());
        status.put("transportType", view.config().transportType());
        status.put("status", state.status());
        status.put("error", state instanceof UpstreamState.Disconnected d && d.failed() ? d.reason() : null);
        status.set("capabilities", view.capabilities().toJson());
        status.put("uptime", uptime(state));
        status.put(
                "lastStarted",
                view.lastStarted() == null ? null : view.lastStarted().toString());
        status.put("authorizationUrl", state instanceof UpstreamState.Unauthorized u ? u.authorizationUrl() : null);
        status.set(
                "serverInfo",
                state instanceof UpstreamState.Connected c ? c.server().serverInfo() : null);
        status.put("config_source", view.config().configSource());
        status.set("listErrors", listErrors(view.capabilities()));
        if (state instanceof UpstreamState.Connected c && c.pid() > 0) {
            status.put("pid", c.pid());
        }
        if (state instanceof UpstreamState.Connected c && c.server().protocolVersion() != null) {
            status.put("protocolVersion", c.server().protocolVersion());
        }
        if (view.override() != null) {
            status.put("override", view.override());
        }
        if (state instanceof UpstreamState.Disconnected down) {
            disconnected(status, down);
        }
        return status;
    }

    private static void disconnected(ObjectNode status, UpstreamState.Disconnected down) {
        if (down.exitCode() != null) {
            status.put("exitCode", down.exitCode());
        }
        if (!down.stderrTail().isEmpty()) {
            status.set("stderr", Json.tree(down.stderrTail()));
        }
        if (down.nextRetry() != null) {
            status.put("nextRetry", down.nextRetry().toString());
        }
    }

    /** Why a list could not be fetched, by the list's key in {@code capabilities}; empty when all came back. */
    private static ObjectNode listErrors(Capabilities lists) {
        ObjectNode errors = Json.object();
        lists.listErrors().forEach((kind, error) -> errors.put(kind.field(), error));
        return errors;
    }

    private static long uptime(UpstreamState state) {
        Instant since = switch (state) {
            case UpstreamState.Connected c -> c.since();
            case UpstreamState.Disabled d -> d.since();
            default -> null;
        };
        return since == null ? 0 : Duration.between(since, Instant.now()).toSeconds();
    }
}
