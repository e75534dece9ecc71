package dev.mcphub.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.FaultServer;
import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.jsonrpc.JsonRpcMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Ending a real child process through the stdio transport. */
class StdioTransportIT {
    @Test
    void aSecondCloseReturnsOnlyOnceTheFirstHasEndedTheChild() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        StdioTransport transport =
                new StdioTransport("stubborn", Fixtures.javaCommand(FaultServer.class, "--ignore-sigterm"), env, null);
        transport.start(new Transport.Listener() {
            @Override
            public void onMessage(JsonRpcMessage message, JsonNode relatedRequestId) {}

            @Override
            public void onClose(String reason) {}
        });
        await().atMost(Duration.ofSeconds(20))
                .until(() -> transport.stderrTail(10).stream().anyMatch(line -> line.startsWith("PID ")));
        ProcessHandle child = ProcessHandle.of(transport.pid()).orElseThrow();

        try {
            Thread first = Thread.ofVirtual().start(transport::close);
            // The first close has begun once the child saw its stdin end; it ignores that, and SIGTERM too.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> transport.stderrTail(10).contains("stdin closed"));
            transport.close();

            assertThat(child.isAlive())
                    .as("the child once the second close returned")
                    .isFalse();
            first.join(Duration.ofSeconds(10));
            assertThat(first.isAlive()).isFalse();
        } finally {
            child.destroyForcibly(); // Only matters when the test fails: never leave the stubborn child behind.
        }
    }
}
