package dev.mcphub.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mcphub.config.ConfigLoader;
import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.fixtures.ConformanceHttp;
import dev.mcphub.json.Json;
import dev.mcphub.upstream.CallOptions;
import dev.mcphub.upstream.RemoteTransports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The hub's one door with a connected server, in process: the hub and a real MCP server (the SDK's, serving
 * the conformance catalogue over Streamable HTTP on loopback) in this JVM, no child process. What {@link
 * HubTest} cannot show without a connection: a call that goes through, what observers see of it, and an
 * observer that refuses a call before anything is sent.
 */
@Timeout(60)
class HubDoorIT {
    private static final Duration SHORT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final AtomicBoolean refuse = new AtomicBoolean();
    private ConformanceHttp server;
    private RemoteTransports remote;
    private EventBus bus;
    private Hub hub;

    @BeforeEach
    void start() throws Exception {
        server = ConformanceHttp.start(0);
        remote = new RemoteTransports(SHORT);
        bus = new EventBus();
        hub = new Hub(InProcessSettings.of(dir, SHORT, remote), bus);
        hub.observe(new CallObserver() {
            @Override
            public Object starting(ServerCall call) {
                if (refuse.get()) {
                    throw new HubException(ErrorCode.FORBIDDEN, "refused by the test's observer", Map.of());
                }
                return "mark";
            }

            @Override
            public void finished(ServerCall call, CallOutcome outcome, Object started) {
                seen.add(call.name() + " " + outcome.kind() + " " + outcome.outcome() + " " + started);
            }
        });
        bus.start();
        Path file = Files.writeString(
                dir.resolve("servers.json"), "{\"mcpServers\": {\"conf\": {\"url\": \"" + server.url() + "\"}}}");
        hub.start(ConfigLoader.load(List.of(file)));
        await().atMost(SHORT)
                .until(() -> hub.snapshot()
                        .server("conf")
                        .map(ServerView::isConnected)
                        .orElse(false));
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
        if (bus != null) {
            bus.close();
        }
        if (remote != null) {
            remote.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aListedToolIsCalledThroughTheDoorAndObserversSeeItSucceedWithWhatTheyStarted() {
        JsonNode result = hub.calls().callTool("conf", "test_simple_text", Json.object(), CallOptions.timeout(SHORT));

        assertThat(result.path("content").get(0).path("text").asString()).isNotBlank();
        assertThat(seen).containsExactly("test_simple_text OK ok mark");
    }

    @Test
    void aToolErrorIsASuccessfulCallWhoseOutcomeIsAToolError() {
        JsonNode result =
                hub.calls().callTool("conf", "test_error_handling", Json.object(), CallOptions.timeout(SHORT));

        assertThat(result.path("isError").asBoolean()).isTrue();
        assertThat(seen).containsExactly("test_error_handling TOOL_ERROR ok mark");
    }

    @Test
    void aToolTheServerDoesNotListIsRefusedWithWhatItDoesListBeforeAnyObserverStarts() {
        assertThatThrownBy(() -> hub.calls().callTool("conf", "no_such_tool", null, CallOptions.timeout(SHORT)))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TOOL_NOT_FOUND);
                    assertThat(e.getMessage()).contains("no_such_tool", "conf");
                    assertThat(e.data().get("availableTools"))
                            .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                            .contains("test_simple_text");
                });
        assertThat(seen).containsExactly("no_such_tool ERROR TOOL_NOT_FOUND null");
    }

    @Test
    void anObserverThatRefusesACallStopsItWithItsErrorAndTheNextCallGoesThrough() {
        refuse.set(true);
        assertThatThrownBy(() -> hub.calls().callTool("conf", "test_simple_text", null, CallOptions.timeout(SHORT)))
                .isInstanceOfSatisfying(
                        HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));

        refuse.set(false);
        hub.calls().callTool("conf", "test_simple_text", null, CallOptions.timeout(SHORT));

        assertThat(seen).containsExactly("test_simple_text ERROR FORBIDDEN null", "test_simple_text OK ok mark");
    }

    @Test
    void aResourceIsReadAndAPromptIsFetchedThroughTheSameDoor() {
        JsonNode listed = hub.calls()
                .request("conf", "resources/list", Json.object(), CallOptions.timeout(SHORT))
                .path("resources");
        String uri = listed.get(0).path("uri").asString();

        JsonNode read = hub.calls().readResource("conf", uri, CallOptions.timeout(SHORT));
        JsonNode prompt = hub.calls().getPrompt("conf", "test_simple_prompt", null, CallOptions.timeout(SHORT));

        assertThat(read.path("contents").get(0).path("uri").asString()).isEqualTo(uri);
        assertThat(prompt.path("messages").size()).isPositive();
        assertThat(seen).containsExactly("null OK ok mark", uri + " OK ok mark", "test_simple_prompt OK ok mark");
    }
}
