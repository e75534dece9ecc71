package dev.mcphub.mcp;

import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The official TypeScript SDK client talking to a server without the hub ({@code
 * test-fixtures/clients/direct-client.mjs}), with the hub's own client capabilities: what the server declares,
 * every item of every list it offers, and optionally one call's result.
 */
final class DirectClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private DirectClient() {}

    /** Runs the client on a spec ({@link CompatServer#directSpec}) and returns what it printed. */
    static JsonNode observe(ObjectNode spec) {
        List<String> command = List.of(
                "node", Fixtures.dir().resolve("clients/direct-client.mjs").toString(), Json.text(spec));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            process.getOutputStream().close();
            // The output is one line; reading to the end also waits for the exit.
            Thread.Builder.OfVirtual reader = Thread.ofVirtual();
            StringBuilder out = new StringBuilder();
            Thread pump = reader.start(() -> {
                try {
                    out.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // the process is gone
                }
            });
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the direct client did not finish in " + TIMEOUT + ": " + spec);
            }
            pump.join(Duration.ofSeconds(5));
            JsonNode observed = Json.parse(out.toString().strip());
            if (observed.has("error")) {
                throw new IllegalStateException("the direct client could not connect: " + observed.get("error"));
            }
            return observed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
