package dev.mcphub.auth;

import dev.mcphub.fixtures.FixtureProcess;
import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code test-fixtures/clients/oauth-client.mjs}: the official TypeScript SDK client with its OAuth client
 * provider, signing in to an endpoint of the hub and running steps. Every secret it receives is written to
 * {@code secrets}.
 */
final class OAuthTsClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final FixtureProcess process;
    private final List<JsonNode> lines = new CopyOnWriteArrayList<>();

    private OAuthTsClient(FixtureProcess process) {
        this.process = process;
    }

    static OAuthTsClient start(String url, Path secrets) {
        return new OAuthTsClient(FixtureProcess.start(
                "oauth-client",
                List.of(
                        "node",
                        Fixtures.dir().resolve("clients/oauth-client.mjs").toString(),
                        url,
                        "--secrets",
                        secrets.toString())));
    }

    /** The next printed line that matches, keeping every line read on the way. */
    JsonNode await(Predicate<JsonNode> matching) {
        for (JsonNode seen : lines) {
            if (matching.test(seen)) {
                return seen;
            }
        }
        while (true) {
            String line = process.nextLine(TIMEOUT)
                    .orElseThrow(() ->
                            new AssertionError("the client ended; it printed " + lines + " " + process.stderrLines()));
            JsonNode parsed = Json.parse(line);
            lines.add(parsed);
            if (matching.test(parsed)) {
                return parsed;
            }
        }
    }

    /** Runs one step and returns its result or error line. */
    JsonNode step(String id, String op, JsonNode params) {
        ObjectNode step = Json.object().put("id", id).put("op", op);
        if (params != null) {
            step.set("params", params);
        }
        process.send(Json.text(step));
        return await(line -> id.equals(line.path("id").asString(""))
                && ("result".equals(line.path("type").asString())
                        || "error".equals(line.path("type").asString())));
    }

    JsonNode callEcho(String id, String message) {
        ObjectNode params = Json.object().put("name", "everything__echo");
        params.putObject("arguments").put("message", message);
        return step(id, "callTool", params);
    }

    List<JsonNode> lines() {
        return List.copyOf(lines);
    }

    static Predicate<JsonNode> type(String type) {
        return line -> type.equals(line.path("type").asString(""));
    }

    @Override
    public void close() {
        try {
            process.send(Json.text(Json.object().put("id", "close").put("op", "close")));
            process.waitForExit(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            // already gone
        }
        process.close();
    }
}
